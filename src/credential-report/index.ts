export * from "./columns.js";
export * from "./input.js";
export * from "./parse.js";
export * from "./types.js";

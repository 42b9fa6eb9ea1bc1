export * from "./areas";
export * from "./users";
export * from "./incidents";
export * from "./jobs";
export * from "./imports";
export * from "./settings";
export * from "./ledger";
export * from "./models";

// Vitest runs server modules outside Next; "server-only" would otherwise throw on import.
export {};

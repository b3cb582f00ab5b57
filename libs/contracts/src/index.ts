/** @ada/contracts: Versioned event schemas and shared API types. */
export {};

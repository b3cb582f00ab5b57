/** @ada/attacks: l_p attacks: PGD, APGD-CE, APGD-T, MultiTargeted, Square. */
export {};

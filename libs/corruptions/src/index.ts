/** @ada/corruptions: CIFAR-10-C corruption suite with the reference parameters. */
export {};

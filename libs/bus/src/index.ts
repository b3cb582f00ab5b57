/** @ada/bus: EventBus: Kafka and in-process implementations. */
export {};

// The delivery loop of this instance polls every few seconds; whatever queues a message a
// user waits for (a test, a resend) wakes it at once. Other instances find it on their
// next poll.
let wake: (() => void) | null = null;

export function onDeliveryWake(listener: (() => void) | null): void {
  wake = listener;
}

export function wakeDeliveryWorker(): void {
  wake?.();
}

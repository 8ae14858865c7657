/* global window, document, performance */
// Tabreel's relay answers each batch the service worker committed with a 'session' command to
// the recorder: counting those tells a bench page when its events are stored. `delivery.event` is
// the command event's name (`?deliveryEvent=`, set for the extension arm only).
window.countDeliveryAcks = (delivery) => {
  if (!delivery.event) return;
  document.addEventListener(delivery.event, (event) => {
    let command;
    try {
      command = JSON.parse(event.detail);
    } catch {
      return;
    }
    if (command?.kind !== 'session') return;
    delivery.acks += 1;
    delivery.lastAckAt = performance.now();
  });
};

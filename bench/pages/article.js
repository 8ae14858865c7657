/* global window, document, location, URLSearchParams, countDeliveryAcks */
// D1's static article (bench/pages/article.html): about 4,000 words in 8 sections with figures,
// generated from a fixed seed. Nothing on the page changes by itself: what is stored while a person
// reads it is the snapshot, scrolls, selections and clicks.
(() => {
  const params = new URLSearchParams(location.search);
  const delivery = { event: params.get('deliveryEvent'), acks: 0, lastAckAt: 0 };
  countDeliveryAcks(delivery);
  const WORDS = (
    'river flood plain sediment channel meander bank levee delta silt water season rain valley ' +
    'memory record layer century map survey farmer town bridge current estuary wetland gauge ' +
    'storm spring thaw basin terrace gravel clay willow reed heron measure archive engineer'
  ).split(' ');
  let seed = 7;
  const random = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return seed / 2_147_483_648;
  };
  const sentence = () => {
    const n = 8 + Math.floor(random() * 14);
    const words = Array.from({ length: n }, () => WORDS[Math.floor(random() * WORDS.length)]);
    return `${words[0][0].toUpperCase()}${words.join(' ').slice(1)}.`;
  };
  document.addEventListener('DOMContentLoaded', () => {
    const body = document.getElementById('body');
    const toc = document.getElementById('toc');
    for (let s = 1; s <= 8; s += 1) {
      const h2 = document.createElement('h2');
      h2.id = `part-${s}`;
      h2.textContent = `Part ${s}: ${sentence().slice(0, 40)}`;
      const link = document.createElement('a');
      link.href = `#part-${s}`;
      link.textContent = h2.textContent;
      toc.append(link);
      body.append(h2);
      for (let p = 0; p < 6; p += 1) {
        const para = document.createElement('p');
        para.textContent = Array.from({ length: 5 }, sentence).join(' ');
        body.append(para);
      }
      const figure = document.createElement('figure');
      figure.innerHTML = '<div class="figure"></div>';
      const caption = document.createElement('figcaption');
      caption.textContent = sentence();
      figure.append(caption);
      body.append(figure);
    }
  });
  window.__bench = { acks: () => delivery.acks };
})();

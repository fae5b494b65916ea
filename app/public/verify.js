// The verifier page's camera scanner: reads the QR code with the browser's BarcodeDetector
// and sends its text through the page's own form, so the result is the same as for a pasted
// or photographed code. Where there is no BarcodeDetector or no camera, the scanner stays
// hidden and the photo and paste fields (plain HTML) do the job. Every word shown comes from
// data-* attributes rendered in the page's language.

function setUp(form) {
  const scanner = form.querySelector('[data-scanner]');
  if (!scanner || !('BarcodeDetector' in window) || !navigator.mediaDevices?.getUserMedia) return;
  scanner.hidden = false;
  const start = scanner.querySelector('[data-scan]');
  const stop = scanner.querySelector('[data-scan-stop]');
  const video = scanner.querySelector('[data-video]');
  const status = scanner.querySelector('[data-status]');
  let stream = null;
  let running = false;

  const halt = () => {
    running = false;
    if (stream) stream.getTracks().forEach((track) => track.stop());
    stream = null;
    video.hidden = true;
    stop.hidden = true;
    start.hidden = false;
  };

  start.addEventListener('click', async () => {
    let detector;
    try {
      detector = new window.BarcodeDetector({ formats: ['qr_code'] });
      stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' }, audio: false });
    } catch {
      status.textContent = form.dataset.msgCameraUnavailable || '';
      halt();
      return;
    }
    video.srcObject = stream;
    video.hidden = false;
    start.hidden = true;
    stop.hidden = false;
    await video.play();
    running = true;
    const look = async () => {
      if (!running) return;
      try {
        const codes = await detector.detect(video);
        const text = codes.find((c) => c.rawValue)?.rawValue;
        if (text) {
          halt();
          form.elements.credential.value = text;
          form.requestSubmit();
          return;
        }
      } catch {
        // A frame that cannot be read yet: try the next one.
      }
      requestAnimationFrame(look);
    };
    look();
  });
  stop.addEventListener('click', halt);
}

for (const form of document.querySelectorAll('form[data-verify-form]:not([data-ready])')) {
  form.dataset.ready = 'true';
  setUp(form);
}

// The desk's camera: reads a QR code (an appointment's reference, a credential, an enrollment
// slip) with the browser's BarcodeDetector into the lookup form's field and posts the form.
// The text read goes in the form's body, never in the address. Where there is no
// BarcodeDetector or no camera, the camera buttons stay hidden and the field is typed into.
// Every word shown comes from the form's data-* attributes, in the page's language.

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
    status.textContent = '';
    video.srcObject = stream;
    video.hidden = false;
    start.hidden = true;
    stop.hidden = false;
    await video.play();
    running = true;
    const look = async () => {
      if (!running) return;
      try {
        const text = (await detector.detect(video)).find((code) => code.rawValue)?.rawValue;
        if (text) {
          halt();
          form.elements.code.value = text;
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
  window.addEventListener('pagehide', halt);
}

document.querySelectorAll('form.desk-scan').forEach(setUp);

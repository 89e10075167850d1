const SOUND_KEY = 'babillard.sound';

export const soundEnabled = (): boolean => globalThis.localStorage?.getItem(SOUND_KEY) !== 'off';
export const setSoundEnabled = (on: boolean) => localStorage.setItem(SOUND_KEY, on ? 'on' : 'off');

let audio: AudioContext | null = null;

/** A short, soft two-note chime synthesised on the fly: no asset to load, nothing jarring. */
export function playChime(): void {
  if (!soundEnabled()) return;
  try {
    audio ??= new AudioContext();
    const t0 = audio.currentTime;
    for (const [i, freq] of [660, 880].entries()) {
      const osc = audio.createOscillator();
      const gain = audio.createGain();
      osc.type = 'sine';
      osc.frequency.value = freq;
      gain.gain.setValueAtTime(0.0001, t0 + i * 0.12);
      gain.gain.exponentialRampToValueAtTime(0.06, t0 + i * 0.12 + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, t0 + i * 0.12 + 0.25);
      osc.connect(gain).connect(audio.destination);
      osc.start(t0 + i * 0.12);
      osc.stop(t0 + i * 0.12 + 0.3);
    }
  } catch {
    // No audio device or autoplay blocked until the first gesture: the desktop notification still shows.
  }
}

export function desktopNotify(title: string, body: string, onClick?: () => void): void {
  if (typeof Notification === 'undefined' || Notification.permission !== 'granted') return;
  const n = new Notification(title, { body, tag: `babillard-${title}-${body}` });
  n.onclick = () => {
    window.focus();
    onClick?.();
    n.close();
  };
}

export const notificationPermission = (): NotificationPermission | 'unsupported' =>
  typeof Notification === 'undefined' ? 'unsupported' : Notification.permission;

export const requestNotificationPermission = () =>
  typeof Notification === 'undefined' ? Promise.resolve('denied' as NotificationPermission) : Notification.requestPermission();

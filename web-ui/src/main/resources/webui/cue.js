// The cue for a new card at the desk: a short two-tone chime (WebAudio, no sound file) and/or a flash of the
// screen's edge. The choice is the desk PC's own, kept in localStorage.

const KEY = 'oqsgw.reception.cue';
const DEFAULTS = { sound: true, flash: true, volume: 0.5 };

export function loadCue() {
  try {
    return { ...DEFAULTS, ...JSON.parse(localStorage.getItem(KEY) || '{}') };
  } catch (e) {
    return { ...DEFAULTS };
  }
}

export function saveCue(cue) {
  localStorage.setItem(KEY, JSON.stringify(cue));
}

let audio = null;

/** Browsers start audio only after a user gesture: called from the sign-in and settings buttons. */
export function unlockAudio() {
  try {
    audio ??= new AudioContext();
    if (audio.state === 'suspended') audio.resume();
  } catch (e) {
    audio = null;
  }
}

function chime(volume) {
  if (!audio || audio.state !== 'running') return;
  const t = audio.currentTime;
  [[880, 0], [1175, 0.18]].forEach(([freq, at]) => {
    const osc = audio.createOscillator();
    const gain = audio.createGain();
    osc.type = 'sine';
    osc.frequency.value = freq;
    gain.gain.setValueAtTime(0.0001, t + at);
    gain.gain.exponentialRampToValueAtTime(Math.max(0.0002, volume), t + at + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, t + at + 0.35);
    osc.connect(gain).connect(audio.destination);
    osc.start(t + at);
    osc.stop(t + at + 0.4);
  });
}

/** Plays the cue as configured; `flashTarget` gets the class `cue-flash` for a moment. */
export function playCue(cue, flashTarget) {
  if (cue.sound) chime(cue.volume);
  if (cue.flash && flashTarget) {
    flashTarget.classList.remove('cue-flash');
    void flashTarget.offsetWidth; // restart the animation
    flashTarget.classList.add('cue-flash');
    setTimeout(() => flashTarget.classList.remove('cue-flash'), 1500);
  }
}

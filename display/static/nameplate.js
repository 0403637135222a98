// An officer as the charter's nameplate shows them: photo (or initials), name, duty,
// office phone, and whether they are in, away (with the time they return) or out.
import { h } from '/static/common/dom.js';
import { clockTime, label } from './bilingual.js';

export function portrait(person, className = 'portrait') {
  if (person.photo) {
    // The name is printed beside the photo, so the image itself needs no text.
    return h('img', { class: className, src: person.photo, alt: '', loading: 'lazy' });
  }
  return h('span', { class: `${className} portrait--initials`, 'aria-hidden': 'true' },
           initials(person.name));
}

// Korean names show the given name (이서연 -> 서연); others their initials.
export function initials(name = '') {
  const clean = name.trim();
  if (/^[\uAC00-\uD7A3]{3,4}$/.test(clean)) return clean.slice(1);
  if (/^[\uAC00-\uD7A3]+$/.test(clean)) return clean;
  return clean.split(/\s+/).map((word) => word[0] || '').join('').slice(0, 2).toUpperCase();
}

// The presence text, never colour alone: an icon shape and words.
export function presenceBadge(person) {
  const state = ['available', 'away', 'closed'].includes(person.presence) ? person.presence : 'closed';
  const badge = h('span', { class: `presence presence--${state}` },
                  h('span', { class: 'presence__icon', 'aria-hidden': 'true' }),
                  label(`seats.${state}`));
  if (state === 'away' && person.away_until) {
    badge.append(label('seats.back_at', { time: clockTime(new Date(person.away_until)) },
                       { className: 'presence__until' }));
  }
  return badge;
}

// Set up first (main.js imports it before anything else): the kiosk's words come from
// kiosk/i18n, and every text it shows is kept as an i18n value, so that a change of
// language re-renders it and the voice guide can read it in any language.
import { keepStringsAsValues } from '/static/common/dom.js';
import { useSurface } from '/static/common/i18n.js';

useSurface('kiosk');
keepStringsAsValues();

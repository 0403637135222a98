// The way to an office on the phone: the floors it walks on, drawn under its steps from
// the route that came with the page (the same drawing as the kiosk's and the ticket's).
import { useLanguage } from '/static/common/i18n.js';
import { routeMaps } from '/static/common/routemap.js';

useLanguage(document.documentElement.lang);
const drawing = JSON.parse(document.getElementById('route-drawing').textContent);
document.getElementById('route-maps').append(routeMaps(drawing));

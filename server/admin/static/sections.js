// What each part of the console lists and edits. A plain section is a list of records of
// one kind with a form to add or change one; the others add their own actions.
import { t } from '/static/common/i18n.js';
import { choice } from './words.js';

const ko = (names) => (names && (names.ko || Object.values(names)[0])) || '';
// A yes/no column: its two words are catalog keys (state.*), shown in Korean like choices.
const yes = (on, onKey, offKey) => ({ state: on ? 'on' : 'off', text: t(on ? onKey : offKey, {}, 'ko') });

const period = (s) => (s.legal_period_unit === 'instant' ? choice('legal_period_unit', 'instant')
  : `${s.legal_period_value} ${choice('legal_period_unit', s.legal_period_unit)}`);

export const SECTIONS = [
  { key: 'site', title: 'section.site', kind: 'site' },
  // The QR code posted at the entrance, for phones that took a number (entrance.js).
  { key: 'entrance', title: 'section.entrance', kind: 'entrance', hint: 'section.entrance.hint' },
  { key: 'departments', title: 'section.departments', create: 'DepartmentIn', patch: 'DepartmentPatch',
    columns: [['column.name', (r) => ko(r.names)], ['column.floor', (r) => r.floor],
      ['column.room', (r) => r.room], ['column.phone', (r) => r.phone]] },
  // sign: the records that can have a sign-language guide (sign.js), and their name.
  { key: 'services', title: 'section.services', create: 'ServiceIn', patch: 'ServicePatch',
    hint: 'section.services.hint', sign: { subject: 'service', name: (r) => ko(r.names) },
    columns: [['column.name', (r) => ko(r.names)], ['column.department', (r, o) => o.name('departments', r.department_id)],
      ['column.numbers', (r) => (r.numbering === 'letter' ? `${r.prefix}-001` : `${r.number_block}001`)],
      ['column.period', (r) => `${period(r)} (${t('state.target_share', { percent: Math.round(r.target_ratio * 100) }, 'ko')})`],
      ['column.cap', (r) => r.daily_cap ?? '—'],
      ['column.taking_numbers', (r) => yes(!r.paused, 'state.taking_numbers', 'state.paused')]],
    toggle: { field: 'paused', on: 'button.resume', off: 'button.pause' } },
  { key: 'counters', title: 'section.counters', create: 'CounterIn', patch: 'CounterPatch',
    columns: [['column.no', (r) => r.number], ['column.name', (r) => ko(r.names) || '—'],
      ['column.floor', (r) => r.floor], ['column.location', (r) => r.location],
      ['column.services', (r, o) => r.service_ids.map((id) => o.name('services', id)).join(', ')],
      ['column.languages', (r) => (r.languages || []).map((l) => choice('languages', l)).join(', ') || '—'],
      ['column.staffed', (r) => yes(r.staff_id, 'state.counter_open', 'state.counter_closed')]] },
  { key: 'staff', title: 'section.staff', create: 'StaffIn', patch: 'StaffPatch', staff: true,
    columns: [['column.photo', (r) => ({ photo: r.photo, alt: t('photo.title', { name: r.name }, 'ko') })], ['column.name', (r) => r.name],
      ['column.login', (r) => r.login], ['column.role', (r) => choice('role', r.role)],
      ['column.department', (r, o) => o.name('departments', r.department_id)],
      ['column.duty', (r) => r.duty], ['column.phone', (r) => r.phone]] },
  { key: 'audit', title: 'section.audit', kind: 'audit',
    hint: 'section.audit.hint' },
  { key: 'holidays', title: 'section.holidays', create: 'HolidayIn', patch: 'HolidayIn',
    hint: 'section.holidays.hint',
    columns: [['column.date', (r) => r.day], ['column.name', (r) => r.name]] },
  { key: 'notices', title: 'section.notices', create: 'NoticeIn', patch: 'NoticePatch',
    hint: 'section.notices.hint',
    columns: [['column.text', (r) => r.texts.ko], ['column.shown_on', (r) => choice('target', r.target)],
      ['column.dates', (r) => `${r.starts_on || ''} ~ ${r.ends_on || ''}`],
      ['column.shown', (r) => yes(r.active, 'state.shown', 'state.hidden')]] },
  { key: 'info-pages', title: 'section.info-pages', create: 'PageIn', patch: 'PagePatch',
    hint: 'section.info-pages.hint', sign: { subject: 'page', name: (r) => ko(r.titles) },
    columns: [['column.title', (r) => ko(r.titles)], ['column.slug', (r) => r.slug],
      ['column.published', (r) => yes(r.published, 'state.shown', 'state.hidden')]] },
  // The yearly satisfaction survey (server/visitor/surveys.py): its period, then its
  // questions; the results are in the reports.
  { key: 'surveys', title: 'section.surveys', create: 'SurveyIn', patch: 'SurveyPatch',
    hint: 'section.surveys.hint',
    columns: [['column.title', (r) => ko(r.titles)], ['column.dates', (r) => `${r.starts_on} ~ ${r.ends_on}`]] },
  { key: 'survey-questions', title: 'section.survey-questions', create: 'SurveyQuestionIn',
    patch: 'SurveyQuestionPatch', hint: 'section.survey-questions.hint',
    columns: [['column.survey', (r, o) => o.name('surveys', r.survey_id)], ['column.order', (r) => r.sort_order],
      ['column.question', (r) => r.texts.ko], ['column.scale', (r) => choice('scale', r.scale)]] },
  { key: 'devices', title: 'section.devices', kind: 'devices' },
  { key: 'printers', title: 'section.printers', kind: 'printers' },
  { key: 'transfer', title: 'section.transfer', kind: 'transfer' },
  { key: 'reports', supervisor: true, title: 'section.reports', kind: 'reports',
    hint: 'section.reports.hint' },
  { key: 'maps', title: 'section.maps', kind: 'maps',
    hint: 'section.maps.hint' },
  // Visitors' feedback, ratings, compensation and complaint counts (visitors.js).
  { key: 'feedback', supervisor: true, title: 'section.feedback', kind: 'feedback',
    hint: 'section.feedback.hint' },
  { key: 'ratings', supervisor: true, title: 'section.ratings', kind: 'ratings',
    hint: 'section.ratings.hint' },
  { key: 'compensation', title: 'section.compensation', kind: 'compensation',
    hint: 'section.compensation.hint' },
  { key: 'unkindness', title: 'section.unkindness', kind: 'unkindness',
    hint: 'section.unkindness.hint' },
  // Who sends visitors' text notices: KakaoTalk alimtalk and SMS/LMS (providers.js).
  { key: 'providers', title: 'section.providers', kind: 'providers',
    hint: 'section.providers.hint' },
];

// config.changed {what} -> the sections that show it
export const SHOWS = {
  site: ['site', 'entrance'], department: ['departments', 'services', 'staff'], service: ['services', 'counters'],
  counter: ['counters'], 'staff member': ['staff'], holiday: ['holidays'], notice: ['notices'],
  page: ['info-pages'], device: ['devices', 'printers'], map: ['maps'],
  survey: ['surveys', 'survey-questions'], 'survey question': ['survey-questions'],
};

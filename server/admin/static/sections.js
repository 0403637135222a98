// What each part of the console lists and edits. A plain section is a list of records of
// one kind with a form to add or change one; the others add their own actions.
import { choice } from './words.js';

const ko = (names) => (names && (names.ko || Object.values(names)[0])) || '';
const yes = (on, onText, offText) => ({ state: on ? 'on' : 'off', text: on ? onText : offText });

const period = (s) => (s.legal_period_unit === 'instant' ? choice('legal_period_unit', 'instant')
  : `${s.legal_period_value} ${choice('legal_period_unit', s.legal_period_unit)}`);

export const SECTIONS = [
  { key: 'site', title: 'section.site', kind: 'site' },
  { key: 'departments', title: 'section.departments', create: 'DepartmentIn', patch: 'DepartmentPatch',
    columns: [['이름', 'Name', (r) => ko(r.names)], ['층', 'Floor', (r) => r.floor],
      ['호실', 'Room', (r) => r.room], ['전화', 'Phone', (r) => r.phone]] },
  { key: 'services', title: 'section.services', create: 'ServiceIn', patch: 'ServicePatch',
    hint: 'section.services.hint',
    columns: [['이름', 'Name', (r) => ko(r.names)], ['부서', 'Department', (r, o) => o.name('departments', r.department_id)],
      ['번호', 'Numbers', (r) => (r.numbering === 'letter' ? `${r.prefix}-001` : `${r.number_block}001`)],
      ['처리 기간', 'Period', (r) => `${period(r)} (목표 ${Math.round(r.target_ratio * 100)}%)`],
      ['한도', 'Cap', (r) => r.daily_cap ?? '—'],
      ['접수', 'Taking numbers', (r) => yes(!r.paused, '접수 중', '일시 중지')]],
    toggle: { field: 'paused', on: ['재개', 'Resume'], off: ['일시 중지', 'Pause'] } },
  { key: 'counters', title: 'section.counters', create: 'CounterIn', patch: 'CounterPatch',
    columns: [['번호', 'No.', (r) => r.number], ['이름', 'Name', (r) => ko(r.names) || '—'],
      ['층', 'Floor', (r) => r.floor], ['위치', 'Location', (r) => r.location],
      ['업무', 'Services', (r, o) => r.service_ids.map((id) => o.name('services', id)).join(', ')],
      ['근무', 'Staffed', (r) => yes(r.staff_id, '열림', '닫힘')]] },
  { key: 'staff', title: 'section.staff', create: 'StaffIn', patch: 'StaffPatch', staff: true,
    columns: [['사진', 'Photo', (r) => ({ photo: r.photo, alt: `${r.name} 사진` })], ['이름', 'Name', (r) => r.name],
      ['로그인', 'Login', (r) => r.login], ['역할', 'Role', (r) => choice('role', r.role)],
      ['부서', 'Department', (r, o) => o.name('departments', r.department_id)],
      ['담당', 'Duty', (r) => r.duty], ['전화', 'Phone', (r) => r.phone]] },
  { key: 'audit', title: 'section.audit', kind: 'audit',
    hint: 'section.audit.hint' },
  { key: 'holidays', title: 'section.holidays', create: 'HolidayIn', patch: 'HolidayIn',
    hint: 'section.holidays.hint',
    columns: [['날짜', 'Date', (r) => r.day], ['이름', 'Name', (r) => r.name]] },
  { key: 'notices', title: 'section.notices', create: 'NoticeIn', patch: 'NoticePatch',
    hint: 'section.notices.hint',
    columns: [['내용', 'Text', (r) => r.texts.ko], ['위치', 'Shown on', (r) => choice('target', r.target)],
      ['기간', 'Dates', (r) => `${r.starts_on || ''} ~ ${r.ends_on || ''}`],
      ['게시', 'Shown', (r) => yes(r.active, '게시', '숨김')]] },
  { key: 'info-pages', title: 'section.info-pages', create: 'PageIn', patch: 'PagePatch',
    hint: 'section.info-pages.hint',
    columns: [['제목', 'Title', (r) => ko(r.titles)], ['주소', 'Slug', (r) => r.slug],
      ['게시', 'Published', (r) => yes(r.published, '게시', '숨김')]] },
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
];

// config.changed {what} -> the sections that show it
export const SHOWS = {
  site: ['site'], department: ['departments', 'services', 'staff'], service: ['services', 'counters'],
  counter: ['counters'], 'staff member': ['staff'], holiday: ['holidays'], notice: ['notices'],
  page: ['info-pages'], device: ['devices', 'printers'], map: ['maps'],
};

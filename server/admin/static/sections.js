// What each part of the console lists and edits. A plain section is a list of records of
// one kind with a form to add or change one; the others add their own actions.
const ko = (names) => (names && (names.ko || Object.values(names)[0])) || '';
const yes = (on, onText, offText) => ({ state: on ? 'on' : 'off', text: on ? onText : offText });

const period = (s) => (s.legal_period_unit === 'instant' ? '즉시'
  : `${s.legal_period_value}${s.legal_period_unit === 'days' ? '일' : '시간'}`);

export const SECTIONS = [
  { key: 'site', title: ['기관·운영 시간', 'Site & hours'], kind: 'site' },
  { key: 'departments', title: ['부서', 'Departments'], create: 'DepartmentIn', patch: 'DepartmentPatch',
    columns: [['이름', 'Name', (r) => ko(r.names)], ['층', 'Floor', (r) => r.floor],
      ['호실', 'Room', (r) => r.room], ['전화', 'Phone', (r) => r.phone]] },
  { key: 'services', title: ['민원 업무', 'Services'], create: 'ServiceIn', patch: 'ServicePatch',
    hint: '번호표 발급 단위입니다. 일시 중지하면 키오스크가 즉시 발급을 멈춥니다. · What visitors take a number for.',
    columns: [['이름', 'Name', (r) => ko(r.names)], ['부서', 'Department', (r, o) => o.name('departments', r.department_id)],
      ['번호', 'Numbers', (r) => (r.numbering === 'letter' ? `${r.prefix}-001` : `${r.number_block}001`)],
      ['처리 기간', 'Period', (r) => `${period(r)} (목표 ${Math.round(r.target_ratio * 100)}%)`],
      ['한도', 'Cap', (r) => r.daily_cap ?? '—'],
      ['접수', 'Taking numbers', (r) => yes(!r.paused, '접수 중', '일시 중지')]],
    toggle: { field: 'paused', on: ['재개', 'Resume'], off: ['일시 중지', 'Pause'] } },
  { key: 'counters', title: ['창구', 'Counters'], create: 'CounterIn', patch: 'CounterPatch',
    columns: [['번호', 'No.', (r) => r.number], ['이름', 'Name', (r) => ko(r.names) || '—'],
      ['층', 'Floor', (r) => r.floor], ['위치', 'Location', (r) => r.location],
      ['업무', 'Services', (r, o) => r.service_ids.map((id) => o.name('services', id)).join(', ')],
      ['근무', 'Staffed', (r) => yes(r.staff_id, '열림', '닫힘')]] },
  { key: 'staff', title: ['직원', 'Staff'], create: 'StaffIn', patch: 'StaffPatch', staff: true,
    columns: [['사진', 'Photo', (r) => ({ photo: r.photo, alt: `${r.name} 사진` })], ['이름', 'Name', (r) => r.name],
      ['로그인', 'Login', (r) => r.login], ['역할', 'Role', (r) => r.role],
      ['부서', 'Department', (r, o) => o.name('departments', r.department_id)],
      ['담당', 'Duty', (r) => r.duty], ['전화', 'Phone', (r) => r.phone]] },
  { key: 'audit', title: ['접속 기록', 'Sign-in log'], kind: 'audit',
    hint: '로그인, 실패, 잠금과 해제, 세션 종료를 기록합니다. 비밀번호는 기록하지 않습니다. 직원의 세션은 직원 목록의 「로그인 세션」에서 봅니다. · Sign-ins, failures, locks and ended sessions; never a password. A person\'s sessions: Staff → Sign-ins.' },
  { key: 'holidays', title: ['공휴일', 'Public holidays'], create: 'HolidayIn', patch: 'HolidayIn',
    hint: '음력·대체 공휴일은 해마다 바뀌므로 매년 입력합니다. · Entered every year.',
    columns: [['날짜', 'Date', (r) => r.day], ['이름', 'Name', (r) => r.name]] },
  { key: 'notices', title: ['공지', 'Notices'], create: 'NoticeIn', patch: 'NoticePatch',
    hint: '안내판(board)과 키오스크에 나오는 짧은 공지입니다. · Short notices for the board and the kiosk.',
    columns: [['내용', 'Text', (r) => r.texts.ko], ['위치', 'Shown on', (r) => r.target],
      ['기간', 'Dates', (r) => `${r.starts_on || ''} ~ ${r.ends_on || ''}`],
      ['게시', 'Shown', (r) => yes(r.active, '게시', '숨김')]] },
  { key: 'info-pages', title: ['안내 페이지', 'Information pages'], create: 'PageIn', patch: 'PagePatch',
    hint: '키오스크의 안내 페이지입니다 (예: 정보공개 청구 절차). · Kiosk information pages.',
    columns: [['제목', 'Title', (r) => ko(r.titles)], ['주소', 'Slug', (r) => r.slug],
      ['게시', 'Published', (r) => yes(r.published, '게시', '숨김')]] },
  { key: 'devices', title: ['기기', 'Devices'], kind: 'devices' },
  { key: 'printers', title: ['프린터', 'Printers'], kind: 'printers' },
  { key: 'transfer', title: ['내보내기·가져오기', 'Export & import'], kind: 'transfer' },
  { key: 'reports', supervisor: true, title: ['보고서', 'Reports'], kind: 'reports',
    hint: '기간과 묶음을 고르면 번호표·대기·처리 시간, 목표 내 처리 비율, 평가와 의견을 보여 줍니다. · Queue figures for a period, per group; CSV for Excel.' },
  { key: 'maps', title: ['층 지도', 'Floor maps'], kind: 'maps',
    hint: '층을 고르고 평면도를 올린 뒤 축척, 사무실·편의시설·키오스크, 보행 경로를 그리고 점검하세요. · Pick a level, upload its plan, set the scale, place offices, amenities and kiosks, draw the walking paths, then check.' },
  // Visitors' feedback, ratings, compensation and complaint counts (visitors.js).
  { key: 'feedback', supervisor: true, title: ['의견', 'Feedback'], kind: 'feedback',
    hint: '민원(불만)·칭찬·제안입니다. 담당자와 상태를 정하고 답변하세요. 방문자의 이메일 주소는 보이지 않습니다. · Owner, status and answer; the visitor\'s address is never shown.' },
  { key: 'ratings', supervisor: true, title: ['평가', 'Ratings'], kind: 'ratings',
    hint: '합계만 보여 줍니다. 한 사람의 평가는 볼 수 없습니다. · Added up only, never one visitor\'s rating.' },
  { key: 'compensation', title: ['보상', 'Compensation'], kind: 'compensation',
    hint: '시민헌장의 세 가지 사유로 1만 원 상품권을 지급합니다. 제안한 관리자가 아닌 다른 관리자가 승인합니다. · A 10,000-won voucher; another admin approves.' },
  { key: 'unkindness', title: ['불친절 집계', 'Unkindness counts'], kind: 'unkindness',
    hint: '사실로 확인된 불친절 민원을 공무원별로 셉니다. 3회째는 조치 대상입니다. · Confirmed per official; the third is flagged.' },
];

// config.changed {what} -> the sections that show it
export const SHOWS = {
  site: ['site'], department: ['departments', 'services', 'staff'], service: ['services', 'counters'],
  counter: ['counters'], 'staff member': ['staff'], holiday: ['holidays'], notice: ['notices'],
  page: ['info-pages'], device: ['devices', 'printers'], map: ['maps'],
};

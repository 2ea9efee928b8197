import ComplaintListPage from '../list/index.js';

/** 我的投诉件: the handler's complaints, soonest deadline first (docs/COMPLAINTS.md). */
export default function MyComplaintsPage() {
  return <ComplaintListPage mine />;
}

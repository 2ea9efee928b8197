/** Inspection pages (docs/SUPERVISION.md, Inspections); each route imports its page from here. */
export { default as InspectionDetailPage } from './InspectionDetailPage.js';
export { default as InspectionFormPage } from './InspectionFormPage.js';
export { AllInspectionsPage, DraftsPage, OwnInspectionsPage } from './InspectionList.js';
export { default as SampleTestsPage } from './SampleTestsPage.js';
export { default as InspectionTasksPage } from './TasksPage.js';

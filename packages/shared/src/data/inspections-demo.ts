/** Demo inspections (docs/SUPERVISION.md, Inspections → Demo): the representative, the notes of the notable visits. */
export const DEMO_INSPECTION_TEXT = {
  representativeTitle: '站长',
  sealNote: '2号铅封断裂，现场拍照留存',
  stoppedNote: '1号枪现场检测超差，当场停用，已通知复检',
  overdueNote: '两台加油机超过检定周期仍在使用',
  sampleNote: '入户抽取',
  /** the photo's file name, `{id}` the record */
  photoName: '现场-{id}.png',
};

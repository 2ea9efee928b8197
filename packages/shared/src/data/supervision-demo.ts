/** Demo data of the supervision registers and draws (docs/SUPERVISION.md, Demo). */
export const DEMO_INSPECTOR_NAMES = [
  '王建国',
  '李红梅',
  '张志强',
  '赵丽娜',
  '孙海涛',
  '钱文静',
  '马占军',
  '高云飞',
  '白晓燕',
  '乔建华',
  '贺玉兰',
  '武振东',
];
export const DEMO_DRAW_TITLE = '集中整治阶段加油站计量器具双随机抽查';
export const DEMO_CONFLICT_NOTE = '近亲属在该单位任职';

/** zh-CN catalog: the supervision dashboard (监督检查看板), planned inspections (风险靶向/投诉触发), tasks by date, 待复查整改. */
export default {
  'errors.inspection_inspector_recused': '参数 {parameter}：执法人员 {id} 已声明与 {org} 存在利益冲突，须回避',
  'errors.inspection_inspector_not_covering': '参数 {parameter}：执法人员 {id} 既不属于负责该对象所在乡镇的市场监管所，也不在局机关执法人员库中',
};

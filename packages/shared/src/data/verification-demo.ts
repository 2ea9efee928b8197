/** Demo data for the verification module (fictional, 示例): institution oversight records and contacts. */
export const DEMO_VERIFICATION = {
  county: {
    authorizationNo: '(蒙)法计(2022)15062601号',
    standards: [
      { name: '燃油加油机检定装置', certificateNo: '[2021]蒙量标鄂证字第0601号', categories: ['fuel_dispenser'] },
      { name: '水表检定装置', certificateNo: '[2020]蒙量标鄂证字第0602号', categories: ['water_meter'] },
    ],
    verifiers: [
      { name: '赵明', certificateNo: 'MJD-150626-001', categories: ['fuel_dispenser', 'water_meter'] },
      { name: '高志远', certificateNo: 'MJD-150626-002', categories: ['fuel_dispenser'] },
      { name: '乌云', certificateNo: 'MJD-150626-003', categories: ['water_meter'] },
    ],
  },
  city: {
    authorizationNo: '(蒙)法计(2021)150600号',
    standards: [
      { name: '膜式燃气表检定装置', certificateNo: '[2019]蒙量标鄂证字第0101号', categories: ['gas_meter'] },
      { name: '电能表检定装置', certificateNo: '[2020]蒙量标鄂证字第0102号', categories: ['electricity_meter'] },
    ],
    verifiers: [
      { name: '孙强', certificateNo: 'MJD-150600-011', categories: ['gas_meter', 'electricity_meter'] },
      { name: '白晓燕', certificateNo: 'MJD-150600-012', categories: ['electricity_meter'] },
    ],
  },
  contacts: ['王建国', '李海峰', '张丽', '刘晓东', '陈静', '马文华', '杨帆', '周海涛'],
  returnNotes: {
    data_error: '出厂编号与铭牌不符，请核对后重新提交',
    missing_material: '缺少加油机型式批准证书复印件',
    other: '期望检定日期为节假日，请调整',
  },
  dispenserDemo: { name: '燃油加油机', manufacturer: '正星科技股份有限公司', model: 'ZX-2242' },
} as const;

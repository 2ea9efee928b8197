/** zh-CN catalog: ledger file parsing (import.* row/file issues, excel.import.* error-sheet headers). */
export default {
  // File-level: the file cannot be used at all (FileUnusableError.code)
  'import.file.file_unreadable': '文件无法读取：{reason}',
  'import.file.limit_exceeded': '{reason}',
  // Size limits of an import file (SheetLimitError, lib/sheets/limits.ts): each names the limit and what was found
  'import.limit.rows': '文件超过行数上限 {limit} 行（已读到第 {found} 行），请拆分后分批导入',
  'import.limit.columns': '文件超过列数上限 {limit} 列（第 {row} 行有 {found} 列）',
  'import.limit.cells': '文件超过单元格数上限 {limit} 个（读到第 {row} 行时已有 {found} 个非空单元格），请拆分后分批导入',
  'import.limit.part_bytes': '压缩包中的“{part}”解压后超过 {limitSize} 的上限（可能是压缩炸弹），已停止读取',
  'import.limit.file_bytes': '压缩包解压后的总大小超过 {limitSize} 的上限（已解压 {foundSize}），已停止读取',
  'import.limit.ratio': '压缩包中的“{part}”压缩比超过 {limit} 倍的上限（已达 {found} 倍，可能是压缩炸弹），已停止读取',
  'import.file.file_empty': '文件为空',
  'import.file.unsupported_format': '不支持的文件格式“{ext}”，请上传 .xlsx 或 .csv 文件',
  'import.file.web_page_table':
    '文件“{ext}”实际是网页（HTML）或 XML 格式的表格（常见于业务系统导出的 .xls），请用 Excel 或 WPS 打开后另存为 .xlsx 再导入',
  'import.file.no_header_row': '未找到表头行：前{rows}行中没有一行包含至少3个可识别的列名（且含“器具名称”或“出厂编号”）',
  'import.file.csv_unbalanced_quote':
    '第{row}行有一个英文双引号（"）没有闭合，从该行起到文件末尾的内容都会落进同一个单元格，已停止导入。请在该行补上配对的引号或删去多余的引号后重新导入',
  'import.file.csv_invalid_utf8':
    '文件按 UTF-8 编码保存，但第{row}行含有损坏的字节（无法识别的字符），为避免导入乱码已停止。请用 Excel 或 WPS 打开后另存为“CSV UTF-8”或 .xlsx 再导入',
  'import.file.sheet_not_found': '工作表“{sheet}”不存在（现有工作表：{sheets}）',

  // File-level notes (fileIssues)
  'import.issue.duplicate_column': '列“{column}”与列“{first}”对应同一字段，已忽略该列',
  'import.issue.fallback_serial_column': '未找到“出厂编号”列，按“{column}”列作为出厂编号导入',
  'import.issue.unknown_columns': '以下列无法识别，其内容未导入：{columns}',
  'import.issue.soft_columns_missing': '文件缺少以下列：{columns}',
  'import.issue.sheet_chosen': '文件有多个工作表，已导入工作表“{sheet}”',

  // Row-level errors (row rejected)
  'import.issue.required_missing': '“{column}”为必填项，不能为空',
  'import.issue.instrument_name_missing': '缺少“器具名称”，无法确定器具类别',
  'import.issue.unknown_instrument_name': '无法识别的器具名称“{value}”，不属于可导入的强检计量器具',
  'import.issue.invalid_date': '“{column}”的日期“{value}”不存在或无法识别',
  'import.issue.invalid_validity':
    '“{column}”的值“{value}”无法识别（应为日期、日期范围或期限，如“2025-06-30”“2024-07-01至2025-06-30”“6个月”）',
  'import.issue.validity_without_date': '“{column}”填写为期限“{value}”，但本行没有检定日期，无法推算有效期',
  'import.issue.valid_until_before_date': '有效期至（{validUntil}）早于检定日期（{date}）',
  'import.issue.invalid_value': '“{column}”的值“{value}”无法识别',
  'import.issue.invalid_caliber': '口径“{value}”无法识别（应为 DN15、15、15mm、Φ15 等）',
  'import.issue.invalid_number': '“{column}”应为数字，实际为“{value}”',
  'import.issue.invalid_quantity': '“{column}”应为不小于1的整数，实际为“{value}”',
  'import.issue.dispenser_quantity': '燃油加油机每行只能登记1台，器具数量应为1（实际为{value}）',
  'import.issue.serial_precision_lost': '表号精度丢失：“{value}”超出Excel数字精度，请将该列设为文本格式后重新填写',
  'import.issue.serial_is_date': '出厂编号被Excel识别成了日期（显示为“{value}”），原编号已无法还原：请将该列设为文本格式后重新填写',
  'import.issue.duplicate_in_file': '出厂编号“{serialNo}”与第{firstRow}行重复（同一单位、同一器具类别）',
  'import.issue.catalogue_mismatch': '“{column}”填写为“{value}”，与器具名称对应的“{expected}”不符',
  'import.issue.unknown_division': '行政区划“{value}”无法识别',
  'import.issue.invalid_g_rating': '燃气表规格“{value}”无法识别（应为 G1.6、G2.5、G4 等）',
  'import.issue.invalid_state':
    '“{column}”的值“{value}”无法识别（应为在用、正常、使用中、停用、暂停使用、拆除、已拆除、换表、已更换、已轮换或报废）',
  'import.issue.removal_before_install': '“{column}”（{removalDate}）早于安装日期（{date}）',
  'import.issue.removal_before_verification': '“{column}”（{removalDate}）早于检定日期（{date}），本行没有安装日期',
  'import.issue.category_not_for_org': '器具类别为{category}，不属于{orgKind}可导入的器具类别（请核对文件和导入单位）',

  // Row-level warnings (row kept)
  'import.issue.date_month_only': '“{column}”只填写到月份（{value}），按{date}导入',
  'import.issue.conclusion_assumed': '检定结论未填，按合格导入',
  'import.issue.quantity_multiple': '器具数量为{value}，按一条记录导入，统计时计{value}只',
  'import.issue.attributes_assumed': '未填写{attributes}，按居民用户默认值（{defaults}）确定检定规则',
  'import.issue.verification_date_missing': '有检定信息但没有检定日期，未生成检定记录',
  'import.issue.nozzles_ignored': '“{column}”仅适用于燃油加油机，已忽略',
  'import.issue.soft_missing': '“{column}”未填写',
  'import.issue.removal_date_assumed': '使用状态为“{state}”但未填写拆除/停用日期，按导入当天（{date}）记录',
  'import.issue.removal_ignored': '使用状态为在用，“{column}”未导入',
  'import.issue.replaced_serial_unknown': '“{column}”中的原表号“{serialNo}”在本单位同类器具中不存在，未建立换表关联',
  'import.issue.state_not_changed': '台账中该器具为“{stored}”，不能按文件改为“{state}”，保持原状态',
  'import.issue.category_from_org': '文件没有“器具名称”列，按单位类型（{orgKind}）全部按{category}导入',
  'import.issue.trailer_row_skipped': '第{row}行“{text}”不是器具数据，已跳过',
  'import.issue.repeated_header_skipped': '第{row}行重复了表头，已跳过',
  'import.issue.section_row_skipped': '第{row}行“{text}”是分类标题，不是器具数据，已跳过',

  // Attribute names and defaults for attributes_assumed
  'import.attr.caliberDn': '口径',
  'import.attr.gRating': '燃气表规格',
  'import.attr.gasMedium': '介质',
  'import.attr.accuracyClass': '准确度等级',
  'import.default.water_meter': '口径不大于DN25',
  'import.default.gas_meter': 'G1.6–G16、天然气',
  'import.default.electricity_meter': '直接接入式2级',
  'import.listSeparator': '、',
  /** 使用状态 in service (the file's 在用/正常/使用中), in messages */
  'import.state.in_service': '在用',

  // Error sheet (downloadable rejected rows)
  'excel.import.errorColumn': '错误原因',
  'excel.import.rowColumn': '原行号',
  'excel.import.errorSheet': '未导入的行',
  'excel.import.errorSeparator': '；',
} as const satisfies Record<string, string>;

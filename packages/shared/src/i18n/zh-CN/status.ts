/** zh-CN catalog: status. Keys are namespaced (menu.*, pages.*, errors.*, excel.*, report.*, cli.*, enum.*). */
export default {} as const satisfies Record<string, string>;

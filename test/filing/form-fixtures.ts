/** A valid responsible person and enterprise subject, shared by the subject and website schema tests. */
export const PERSON = {
  name: '王小明',
  idType: 'resident-id',
  idNumber: '11010519491231002X',
  mobile: '13800138000',
  emergencyPhone: '0571-87654321',
  email: 'wang@example.cn',
};
export const ENTERPRISE = {
  type: 'enterprise',
  idType: 'uscc',
  idNumber: '91330106MA2B3C4D5D',
  name: '杭州示例科技有限公司',
  province: '浙江',
  certificateAddress: '浙江省杭州市西湖区文三路 100 号',
  mailingAddress: '浙江省杭州市西湖区文三路 100 号 5 楼 501 室',
  responsiblePerson: PERSON,
};

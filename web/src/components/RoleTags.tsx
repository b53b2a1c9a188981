import { Tag } from 'antd';
import type { Role } from '../api/types';
import { useI18n } from '../i18n';

const COLORS: Partial<Record<Role, string>> = {
  admin: 'red',
  manager: 'volcano',
  agent: 'blue',
  dispatcher: 'geekblue',
  technician: 'green',
  outlet: 'cyan',
  supervisor: 'purple',
  parts_keeper: 'gold',
};

export function RoleTags({ roles }: { roles: readonly Role[] }) {
  const { roleLabel } = useI18n();
  return (
    <>
      {roles.map((role) => (
        <Tag key={role} color={COLORS[role]}>
          {roleLabel(role)}
        </Tag>
      ))}
    </>
  );
}

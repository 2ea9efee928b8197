import type { TOrganization } from '@qiangjian/shared';
import { Select, type SelectProps } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import { api, type Page } from '../services/api.js';

/** Organization picker with server-side search (GET /organizations?q=). Value = organization id. */
export function OrgSelect(
  props: Omit<SelectProps<number>, 'options' | 'onSearch' | 'showSearch'> & { initialOrg?: Pick<TOrganization, 'id' | 'name'> },
) {
  const { initialOrg, ...rest } = props;
  const [options, setOptions] = useState<{ value: number; label: string }[]>(
    initialOrg ? [{ value: initialOrg.id, label: initialOrg.name }] : [],
  );
  const [loading, setLoading] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const search = useCallback((q: string) => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      setLoading(true);
      api
        .get<Page<TOrganization>>('/organizations', { q: q.trim() || undefined, page: 1, pageSize: 30 })
        .then((p) => setOptions(p.items.map((o) => ({ value: o.id, label: o.name }))))
        .catch(() => undefined)
        .finally(() => setLoading(false));
    }, 250);
  }, []);
  useEffect(() => {
    search('');
    return () => {
      if (timer.current) clearTimeout(timer.current);
    };
  }, [search]);
  return (
    <Select<number>
      {...rest}
      showSearch={{ filterOption: false, onSearch: search }}
      loading={loading}
      options={options.map((o) => ({ value: o.value, label: o.label }))}
    />
  );
}

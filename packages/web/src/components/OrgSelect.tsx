import type { TOrganization } from '@qiangjian/shared';
import { Select, type SelectProps } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import { getOrganization, listOrganizations } from '../services/orgs.js';

type Option = { value: number; label: string };

/**
 * Organization picker with server-side search (GET /organizations?q=). Value = organization id; a value that is not
 * among the loaded options (a filter restored from the URL) is looked up so the name, not the id, is shown.
 */
export function OrgSelect(
  props: Omit<SelectProps<number>, 'options' | 'onSearch' | 'showSearch'> & { initialOrg?: Pick<TOrganization, 'id' | 'name'> },
) {
  const { initialOrg, ...rest } = props;
  const [options, setOptions] = useState<Option[]>(initialOrg ? [{ value: initialOrg.id, label: initialOrg.name }] : []);
  const [picked, setPicked] = useState<Option | null>(null);
  const [loading, setLoading] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  // only the latest search may set the options: a slower earlier answer must not replace them under the cursor
  const latest = useRef(0);
  const search = useCallback((q: string) => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      const n = ++latest.current;
      setLoading(true);
      listOrganizations({ q: q.trim() || undefined, page: 1, pageSize: 30 })
        .then((p) => {
          if (n === latest.current) setOptions(p.items.map((o) => ({ value: o.id, label: o.name })));
        })
        .catch(() => undefined)
        .finally(() => {
          if (n === latest.current) setLoading(false);
        });
    }, 250);
  }, []);
  useEffect(() => {
    search('');
    return () => {
      if (timer.current) clearTimeout(timer.current);
    };
  }, [search]);
  const value = typeof rest.value === 'number' ? rest.value : undefined;
  const known = value === undefined || options.some((o) => o.value === value) || picked?.value === value;
  useEffect(() => {
    if (known || value === undefined) return;
    getOrganization(value, { skipErrorHandler: true })
      .then((o) => setPicked({ value: o.id, label: o.name }))
      .catch(() => undefined);
  }, [known, value]);
  const all = picked && !options.some((o) => o.value === picked.value) ? [picked, ...options] : options;
  return <Select<number> {...rest} showSearch={{ filterOption: false, onSearch: search }} loading={loading} options={all} />;
}

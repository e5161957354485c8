import { Select } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../lib/api';
import { displayName } from '../../lib/format';

/** Search the clients in reach by name and pick one. */
export function ClientPicker({
  label,
  value,
  onChange,
  required,
}: {
  label: string;
  value: string | null;
  onChange: (id: string | null) => void;
  required?: boolean;
}) {
  const [search, setSearch] = useState('');
  const [picked, setPicked] = useState<{ value: string; label: string } | null>(null);
  const [q] = useDebouncedValue(search, 250);
  const found = useQuery({
    queryKey: ['client-picker', q],
    queryFn: () => api.clients({ q, limit: 20, status: 'active' }),
  });
  return (
    <Select
      label={label}
      required={required ?? false}
      searchable
      clearable
      placeholder="Type a name"
      searchValue={search}
      onSearchChange={setSearch}
      nothingFoundMessage={found.isPending ? 'Searching…' : 'No client by that name'}
      data={[
        ...(picked && picked.value === value && !found.data?.items.some((c) => c.id === value)
          ? [picked]
          : []),
        ...(found.data?.items ?? []).map((c) => ({ value: c.id, label: displayName(c) })),
      ]}
      value={value}
      onChange={(id, option) => {
        setPicked(id && option ? { value: id, label: option.label } : null);
        onChange(id);
      }}
      filter={({ options }) => options}
    />
  );
}

import { Alert, Text } from '@mantine/core';
import type { SaveState } from './use-autosave';

/** Where the draft stands, announced politely to screen readers. */
export function SaveStatus({ state }: { state: SaveState }) {
  if (state.kind === 'conflict') {
    return (
      <Alert color="red" role="alert" title="Changed elsewhere">
        This draft was saved from another window or device since you opened it. Copy any text you need, then
        reload the page to continue from the newest version.
      </Alert>
    );
  }
  if (state.kind === 'offline' || state.kind === 'error') {
    return (
      <Alert color="orange" role="alert">
        {state.message}
      </Alert>
    );
  }
  const text =
    state.kind === 'saving'
      ? 'Saving…'
      : state.kind === 'pending'
        ? 'Unsaved changes'
        : state.at
          ? `Saved at ${state.at.toLocaleTimeString([], { hour: 'numeric', minute: '2-digit', second: '2-digit' })}`
          : 'All changes saved';
  return (
    <Text size="sm" c="dimmed" aria-live="polite" data-testid="save-status">
      {text}
    </Text>
  );
}

import type { NoteContent, NoteDetail } from '@mentalspace/contracts';
import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import { api, ApiError } from '../../lib/api';

export type SaveState =
  | { kind: 'saved'; at: Date | null }
  | { kind: 'pending' }
  | { kind: 'saving' }
  | { kind: 'offline'; message: string }
  | { kind: 'conflict' }
  | { kind: 'error'; message: string };

const QUIET_MS = 1200;
const RETRY_MS = 5000;

/**
 * Autosaves a draft a moment after typing stops, from the version last read, so no work is lost.
 * Unsaved edits stay in memory (never in browser storage: they are PHI) and are retried while the
 * network is down; leaving the page with unsaved edits asks first. A save that finds a newer
 * version stops and says so rather than overwrite it.
 */
export function useAutosave(note: NoteDetail) {
  const queryClient = useQueryClient();
  const [content, setContent] = useState<NoteContent>(note.content ?? { sections: {} });
  const [state, setState] = useState<SaveState>({ kind: 'saved', at: null });
  const version = useRef(note.version);
  const latest = useRef(content);
  const dirty = useRef(false);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const inFlight = useRef<Promise<void> | null>(null);
  const retry = useRef<() => void>(() => undefined);

  const save = useCallback(async (): Promise<void> => {
    if (inFlight.current) {
      await inFlight.current;
    }
    if (!dirty.current) return;
    const sending = latest.current;
    dirty.current = false;
    setState({ kind: 'saving' });
    inFlight.current = (async () => {
      try {
        const saved = await api.saveNote(note.id, { version: version.current, content: sending });
        version.current = saved.version;
        queryClient.setQueryData(['note', note.id], saved);
        setState(dirty.current ? { kind: 'pending' } : { kind: 'saved', at: new Date() });
      } catch (error) {
        if (error instanceof ApiError && error.code === 'version_conflict') {
          setState({ kind: 'conflict' });
        } else if (error instanceof ApiError && error.status !== 0 && error.status < 500) {
          setState({ kind: 'error', message: error.message });
        } else {
          dirty.current = true;
          setState({ kind: 'offline', message: 'Not saved yet: the server cannot be reached. Retrying…' });
          timer.current = setTimeout(() => retry.current(), RETRY_MS);
        }
      } finally {
        inFlight.current = null;
      }
    })();
    await inFlight.current;
  }, [note.id, queryClient]);

  useEffect(() => {
    retry.current = () => void save();
  }, [save]);

  const change = useCallback(
    (next: NoteContent) => {
      latest.current = next;
      dirty.current = true;
      setContent(next);
      setState((s) => (s.kind === 'conflict' ? s : { kind: 'pending' }));
      if (timer.current) clearTimeout(timer.current);
      timer.current = setTimeout(() => void save(), QUIET_MS);
    },
    [save],
  );

  /** Saves now (before signing, or when the idle warning appears). */
  const flush = useCallback(async () => {
    if (timer.current) clearTimeout(timer.current);
    await save();
    return version.current;
  }, [save]);

  useEffect(() => {
    const warn = (event: BeforeUnloadEvent) => {
      if (dirty.current || inFlight.current) event.preventDefault();
    };
    window.addEventListener('beforeunload', warn);
    return () => {
      window.removeEventListener('beforeunload', warn);
      if (timer.current) clearTimeout(timer.current);
    };
  }, []);

  return { content, change, state, flush, version: () => version.current };
}

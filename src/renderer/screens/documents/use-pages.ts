/**
 * The rows of a virtualised list, loaded a page at a time and kept in a small cache. A page is
 * asked for by the key of its neighbour's edge row (after the last row of the page above it, or
 * before the first row of the page below it), so scrolling costs one index seek per page however
 * deep the list goes. Only a jump to a place with no loaded neighbour (dragging the scroll bar)
 * asks by position; the last page is asked for from the end.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ChannelInput, ChannelOutput } from '../../../shared/ipc/channels.ts';
import { bank } from '../../bank.ts';

export type DocumentRow = ChannelOutput<'documents.list'>['items'][number];
export type ListFilter = Omit<ChannelInput<'documents.list'>, 'limit' | 'offset' | 'after' | 'before' | 'last' | 'count'>;

export const PAGE_SIZE = 50;
/** Pages kept in memory; the farthest from the rows in view go first. */
const MAX_PAGES = 24;

export interface Pages {
  /** Every match (undefined until the first page came). */
  total: number | undefined;
  /** The sum of the matches' amounts, kopecks, when the list gives it. */
  amount: number | undefined;
  /** The matching payments summed for each kind and currency, drafts apart, when the list gives them. */
  totals: ChannelOutput<'documents.list'>['totals'];
  error: unknown;
  /** The row at an index, if its page is loaded. */
  row(index: number): DocumentRow | undefined;
  /** Asks for the pages covering rows first..last (inclusive). */
  want(first: number, last: number): void;
  /** Forgets every page (statuses changed): loads again what is in view. */
  refresh(): void;
}

export function usePages(filter: ListFilter): Pages {
  const key = JSON.stringify(filter);
  const cache = useRef(new Map<number, DocumentRow[]>());
  /** The pages before a refresh: shown until their fresh copies come, so the rows do not blink. */
  const stale = useRef(new Map<number, DocumentRow[]>());
  const inFlight = useRef(new Set<number>());
  const generation = useRef(0);
  const wanted = useRef<[number, number]>([0, PAGE_SIZE]);
  const [total, setTotal] = useState<number | undefined>(undefined);
  const [amount, setAmount] = useState<number | undefined>(undefined);
  const [totals, setTotals] = useState<Pages['totals']>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const [, setVersion] = useState(0);
  const totalRef = useRef<number | undefined>(undefined);
  const filterRef = useRef(filter);
  filterRef.current = filter;

  const load = useCallback((page: number) => {
    const gen = generation.current;
    const known = totalRef.current;
    if (cache.current.has(page) || inFlight.current.has(page)) return;
    if (known !== undefined && page * PAGE_SIZE >= known) return;
    const above = cache.current.get(page - 1);
    const below = cache.current.get(page + 1);
    const base = { ...filterRef.current, limit: PAGE_SIZE };
    let input: ChannelInput<'documents.list'>;
    if (page === 0) input = { ...base, count: known === undefined };
    else if (above && above.length === PAGE_SIZE) input = { ...base, after: above[PAGE_SIZE - 1]!.key, count: false };
    else if (below && below.length > 0) input = { ...base, before: below[0]!.key, count: false };
    else if (known !== undefined && page === Math.floor((known - 1) / PAGE_SIZE)) input = { ...base, last: true, limit: known - page * PAGE_SIZE, count: false };
    else input = { ...base, offset: page * PAGE_SIZE, count: false };
    inFlight.current.add(page);
    bank.invoke('documents.list', input).then(
      (res) => {
        if (gen !== generation.current) return;
        inFlight.current.delete(page);
        cache.current.set(page, res.items);
        if (res.total >= 0) {
          totalRef.current = res.total;
          setTotal(res.total);
          setAmount(res.amount);
          setTotals(res.totals);
        }
        evict();
        setVersion((v) => v + 1);
        // the pages still missing in view: a neighbour is loaded now, so they go by key
        fill();
      },
      (e: unknown) => {
        if (gen !== generation.current) return;
        inFlight.current.delete(page);
        setError(e);
      },
    );
    // (evict and fill read refs only)
  }, []);

  const evict = (): void => {
    if (cache.current.size <= MAX_PAGES) return;
    const centre = Math.floor((wanted.current[0] + wanted.current[1]) / 2 / PAGE_SIZE);
    const far = [...cache.current.keys()].sort((a, b) => Math.abs(b - centre) - Math.abs(a - centre));
    for (const p of far.slice(0, cache.current.size - MAX_PAGES)) cache.current.delete(p);
  };

  /** Loads the missing pages in view, nearest a loaded one first (so it can go by key). */
  const fill = (): void => {
    const [first, last] = wanted.current;
    const pages: number[] = [];
    for (let p = Math.floor(first / PAGE_SIZE); p <= Math.floor(last / PAGE_SIZE); p++) if (!cache.current.has(p) && !inFlight.current.has(p)) pages.push(p);
    if (pages.length === 0) return;
    if (totalRef.current === undefined) return load(0);
    const lastPage = Math.floor((totalRef.current - 1) / PAGE_SIZE);
    const byKey = pages.filter((p) => p === 0 || p === lastPage || cache.current.has(p - 1) || cache.current.has(p + 1));
    if (byKey.length) return byKey.forEach(load);
    // else one jump by position (the page in the middle of the view), once nothing else is on its way
    // (a page arriving may be the neighbour that lets these go by key): its neighbours then follow by key
    if (inFlight.current.size === 0) load(pages[Math.floor(pages.length / 2)]!);
  };

  useEffect(() => {
    generation.current++;
    cache.current.clear();
    stale.current.clear();
    inFlight.current.clear();
    totalRef.current = undefined;
    setTotal(undefined);
    setAmount(undefined);
    setTotals(undefined);
    setError(undefined);
    load(0);
    // `key` stands for the filter (compared by value)

  }, [key]);

  const want = useCallback((first: number, last: number) => {
    wanted.current = [Math.max(0, first), Math.max(0, last)];
    fill();
    // (fill reads refs only)
  }, []);

  const refresh = useCallback(() => {
    generation.current++;
    stale.current = cache.current;
    cache.current = new Map();
    inFlight.current.clear();
    totalRef.current = undefined;
    setError(undefined);
    load(0);
    // (load reads refs only)
  }, []);

  return {
    total,
    amount,
    totals,
    error,
    row: (index) => (cache.current.get(Math.floor(index / PAGE_SIZE)) ?? stale.current.get(Math.floor(index / PAGE_SIZE)))?.[index % PAGE_SIZE],
    want,
    refresh,
  };
}

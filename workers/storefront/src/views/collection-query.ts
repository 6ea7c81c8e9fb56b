/**
 * The collection page's URL contract, shared by the filter form, the filter
 * chips, the pagination links and the route handler.
 *
 * Query parameters:
 *   sort=<ListingSort>            omitted for 'featured'
 *   currency=USD|EUR              omitted for DEFAULT_CURRENCY
 *   price_min=<whole units>       e.g. price_min=10 means $10.00 / €10,00 (integers only, no decimals)
 *   price_max=<whole units>       inclusive
 *   filter.<option>=<value>       repeatable, option name lower-cased: filter.color=Black&filter.color=Oat
 *   in_stock=1
 *   cursor=<opaque>               keyset cursor from ListingPage.nextCursor
 *
 * Money never travels as a float: the form asks for whole currency units and
 * parseCollectionSearchParams multiplies by the currency's minor-unit factor,
 * so CollectionQuery.priceMin/priceMax are integer minor units, exactly like
 * ListingQuery's.
 */
import { LISTING_SORTS, type ListingSort } from '../../../../domain/catalog/listing';
import { DEFAULT_CURRENCY, type Currency } from '../../../../domain/money';
import { minorUnitFactor } from './shared';

export interface CollectionQuery {
  sort: ListingSort;
  currency: Currency;
  /** inclusive, integer minor units */
  priceMin?: number | undefined;
  /** inclusive, integer minor units */
  priceMax?: number | undefined;
  /** lower-cased option name → selected values */
  options: Record<string, string[]>;
  inStock?: boolean | undefined;
  cursor?: string | undefined;
}

export const PARAM = {
  sort: 'sort',
  currency: 'currency',
  priceMin: 'price_min',
  priceMax: 'price_max',
  filterPrefix: 'filter.',
  inStock: 'in_stock',
  cursor: 'cursor',
} as const;

export const SORT_LABELS: Record<ListingSort, string> = {
  featured: 'Featured',
  'price-asc': 'Price, low to high',
  'price-desc': 'Price, high to low',
  newest: 'Newest first',
  'title-asc': 'Alphabetically, A to Z',
  'title-desc': 'Alphabetically, Z to A',
};

const MAX_OPTION_NAMES = 20;
const MAX_VALUES_PER_OPTION = 50;
const MAX_VALUE_LENGTH = 100;
const MAX_CURSOR_LENGTH = 1024;
const WHOLE_UNITS = /^\d{1,9}$/;

function parseWholeUnits(raw: string | null, factor: number): number | undefined {
  if (raw === null) return undefined;
  const s = raw.trim();
  if (!WHOLE_UNITS.test(s)) return undefined;
  return Number(s) * factor;
}

/**
 * Reads the collection parameters from a URL. Invalid values are dropped
 * rather than rejected (a hand-edited URL still shows a page); the cursor is
 * passed through as-is: queryListing throws InvalidCursorError for a bad one.
 */
export function parseCollectionSearchParams(sp: URLSearchParams, currency: Currency): CollectionQuery {
  const rawSort = sp.get(PARAM.sort);
  const sort = (LISTING_SORTS as readonly string[]).includes(rawSort ?? '') ? (rawSort as ListingSort) : 'featured';
  const factor = minorUnitFactor(currency);
  let priceMin = parseWholeUnits(sp.get(PARAM.priceMin), factor);
  let priceMax = parseWholeUnits(sp.get(PARAM.priceMax), factor);
  if (priceMin !== undefined && priceMax !== undefined && priceMin > priceMax) {
    [priceMin, priceMax] = [priceMax, priceMin];
  }
  const options: Record<string, string[]> = {};
  for (const [key, value] of sp) {
    if (!key.startsWith(PARAM.filterPrefix)) continue;
    const name = key.slice(PARAM.filterPrefix.length).trim().toLowerCase();
    const v = value.trim();
    if (!name || name.length > MAX_VALUE_LENGTH || !v || v.length > MAX_VALUE_LENGTH) continue;
    let list = options[name];
    if (!list) {
      if (Object.keys(options).length >= MAX_OPTION_NAMES) continue;
      list = options[name] = [];
    }
    if (list.length < MAX_VALUES_PER_OPTION && !list.some((x) => x.toLowerCase() === v.toLowerCase())) list.push(v);
  }
  const inStockRaw = sp.get(PARAM.inStock);
  const cursor = sp.get(PARAM.cursor) ?? '';
  return {
    sort,
    currency,
    priceMin,
    priceMax,
    options,
    inStock: inStockRaw === '1' || inStockRaw === 'true' || inStockRaw === 'on' ? true : undefined,
    cursor: cursor && cursor.length <= MAX_CURSOR_LENGTH ? cursor : undefined,
  };
}

/** Whole-unit value for a price input: min rounds down, max rounds up (integer arithmetic only). */
export function toWholeUnits(minor: number | undefined, currency: Currency, round: 'down' | 'up'): string {
  if (minor === undefined) return '';
  const factor = minorUnitFactor(currency);
  const rest = minor % factor;
  const whole = (minor - rest) / factor;
  return String(round === 'up' && rest > 0 ? whole + 1 : whole);
}

/** Serialises a query back into URL parameters (stable order, defaults omitted). */
export function collectionSearchParams(q: CollectionQuery, opts: { cursor?: boolean } = {}): URLSearchParams {
  const sp = new URLSearchParams();
  if (q.sort !== 'featured') sp.append(PARAM.sort, q.sort);
  if (q.currency !== DEFAULT_CURRENCY) sp.append(PARAM.currency, q.currency);
  if (q.priceMin !== undefined) sp.append(PARAM.priceMin, toWholeUnits(q.priceMin, q.currency, 'down'));
  if (q.priceMax !== undefined) sp.append(PARAM.priceMax, toWholeUnits(q.priceMax, q.currency, 'up'));
  for (const [name, values] of Object.entries(q.options)) {
    for (const v of values) sp.append(`${PARAM.filterPrefix}${name}`, v);
  }
  if (q.inStock) sp.append(PARAM.inStock, '1');
  if (opts.cursor !== false && q.cursor) sp.append(PARAM.cursor, q.cursor);
  return sp;
}

export function collectionHref(basePath: string, q: CollectionQuery, opts: { cursor?: boolean } = {}): string {
  const qs = collectionSearchParams(q, opts).toString();
  return qs ? `${basePath}?${qs}` : basePath;
}

export function hasActiveFilters(q: CollectionQuery): boolean {
  return (
    q.priceMin !== undefined ||
    q.priceMax !== undefined ||
    q.inStock === true ||
    Object.values(q.options).some((v) => v.length > 0)
  );
}

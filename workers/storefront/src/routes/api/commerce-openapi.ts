/** OpenAPI description of the cart, checkout, order and payment-webhook endpoints (merged into openapi-spec.ts). */
import { MAX_CART_LINES, MAX_LINE_QUANTITY } from '../../../../../domain/cart/cart';
import { CURRENCIES } from '../../../../../domain/money';
import { ORDER_STATUSES } from '../../../../../domain/order/state-machine';

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const problem = (description: string) => ({ description, content: { 'application/problem+json': { schema: ref('Problem') } } });
const json = (schema: unknown, description: string, headers?: Record<string, unknown>) => ({ description, ...(headers ? { headers } : {}), content: { 'application/json': { schema } } });
const body = (schema: unknown) => ({ required: true, content: { 'application/json': { schema } } });
const money = { type: 'integer', minimum: 0, description: 'integer minor units of the cart/order currency' };
const nullable = (schema: unknown) => ({ oneOf: [schema, { type: 'null' }] });

const cartId = {
  name: 'Cart-Id',
  in: 'header',
  required: false,
  schema: { type: 'string', pattern: '^[A-Za-z0-9_-]{43}$' },
  description: 'The cart (returned when it was created). Browsers may use the `__Host-vt-cart` cookie instead.',
};
const variantParam = { name: 'variantId', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } };
const cartErrors = {
  '400': problem('Malformed request (unknown fields such as a price, bad JSON, malformed Cart-Id)'),
  '404': problem('No such cart: unknown, expired (30 days unused) or another customer’s'),
  '415': problem('The body is not application/json'),
  '422': problem('Invalid field values (every issue listed in `errors`)'),
  '503': problem('Carts (Redis) or the catalog database unreachable; nothing changed'),
};
const cartOk = json(ref('Cart'), 'The cart, re-priced from the live catalog');

export const commercePaths = {
  '/carts': {
    post: {
      summary: 'Create a cart (optionally with lines)',
      operationId: 'createCart',
      requestBody: { required: false, content: { 'application/json': { schema: ref('CreateCartRequest') } } },
      responses: {
        '201': json(ref('Cart'), 'Created', { 'Cart-Id': { description: 'the cart id: send it back in the Cart-Id header', schema: { type: 'string' } } }),
        '409': problem('Not enough stock for a line'),
        ...cartErrors,
      },
    },
  },
  '/carts/current': {
    get: { summary: 'The cart', operationId: 'getCart', parameters: [cartId], responses: { '200': cartOk, ...cartErrors } },
    patch: {
      summary: 'Set currency, email, shipping address and/or shipping method',
      operationId: 'updateCart',
      parameters: [cartId],
      requestBody: body(ref('UpdateCartRequest')),
      responses: { '200': cartOk, ...cartErrors },
    },
    delete: { summary: 'Delete the cart', operationId: 'deleteCart', parameters: [cartId], responses: { '204': { description: 'Deleted' }, ...cartErrors } },
  },
  '/carts/current/lines': {
    post: {
      summary: 'Add units of a variant (merged into its line)',
      operationId: 'addCartLine',
      parameters: [cartId],
      requestBody: body(ref('AddLineRequest')),
      responses: { '200': cartOk, '409': problem('Not enough stock (counting what the cart holds)'), ...cartErrors },
    },
  },
  '/carts/current/lines/{variantId}': {
    patch: {
      summary: 'Set a line’s quantity (0 removes it)',
      operationId: 'setCartLineQuantity',
      parameters: [cartId, variantParam],
      requestBody: body({ type: 'object', additionalProperties: false, required: ['quantity'], properties: { quantity: { type: 'integer', minimum: 0, maximum: MAX_LINE_QUANTITY } } }),
      responses: { '200': cartOk, '409': problem('Not enough stock'), ...cartErrors },
    },
    delete: { summary: 'Remove a line', operationId: 'removeCartLine', parameters: [cartId, variantParam], responses: { '200': cartOk, ...cartErrors } },
  },
  '/carts/current/discount': {
    put: {
      summary: 'Apply a discount code (case-insensitive)',
      operationId: 'applyDiscount',
      parameters: [cartId],
      requestBody: body({ type: 'object', additionalProperties: false, required: ['code'], properties: { code: { type: 'string', maxLength: 40 } } }),
      responses: { '200': cartOk, ...cartErrors, '422': problem('Unknown, inactive, expired, exhausted code, or the cart does not qualify (type names the reason)') },
    },
    delete: { summary: 'Remove the discount code', operationId: 'removeDiscount', parameters: [cartId], responses: { '200': cartOk, ...cartErrors } },
  },
  '/checkout': {
    post: {
      summary: 'Turn the cart into an order (one Postgres transaction; idempotent)',
      description:
        'Requires an `Idempotency-Key` header. The same key with the same body replays the stored response byte for byte (`Idempotent-Replayed: true`); with another body: 422; while the first request runs: 409. Keys are scoped to the cart (or the signed-in customer) and kept 48 h. Email, address and shipping method fall back to what the cart holds.',
      operationId: 'checkout',
      parameters: [
        cartId,
        { name: 'Idempotency-Key', in: 'header', required: true, schema: { type: 'string', pattern: '^[A-Za-z0-9_.:-]{8,255}$' }, description: 'unique per order attempt, e.g. a UUID' },
      ],
      requestBody: body(ref('CheckoutRequest')),
      responses: {
        '201': json(ref('Order'), 'Order placed (paid, or awaiting a manual payment)', { location: { schema: { type: 'string' } }, 'Idempotent-Replayed': { schema: { type: 'string', enum: ['true'] } } }),
        '400': problem('Idempotency-Key missing or malformed; malformed body'),
        '402': problem('Payment declined: the order was cancelled, stock released, cart kept'),
        '404': problem('No such cart'),
        '409': problem('Not enough stock (lines named), items unavailable, discount no longer applies, prices changed (expectedTotal), key in flight, cart already ordered'),
        '415': problem('The body is not application/json'),
        '422': problem('Invalid or missing fields, unknown payment provider, key reused with another body'),
        '503': problem('Database or carts unreachable; nothing was written'),
        '504': problem('The payment provider did not answer in time: payment voided, order cancelled, cart kept'),
      },
    },
  },
  '/orders/{id}': {
    get: {
      summary: 'An order: for the signed-in customer it belongs to, or a guest with its access token',
      operationId: 'getOrder',
      parameters: [
        { name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } },
        { name: 'Order-Token', in: 'header', required: false, schema: { type: 'string' }, description: 'the `accessToken` returned at checkout (guest orders)' },
      ],
      responses: { '200': json(ref('Order'), 'The order'), '401': problem('A customer’s order: log in'), '404': problem('Unknown order, wrong token, or another customer’s order') },
    },
  },
  '/payments/{provider}/webhooks': {
    post: {
      summary: 'Payment provider notifications (signed; `test` provider: Vitrine-Signature t=…,v1=HMAC-SHA256)',
      operationId: 'paymentWebhook',
      parameters: [{ name: 'provider', in: 'path', required: true, schema: { type: 'string', enum: ['test'] } }],
      responses: {
        '200': json({ type: 'object', properties: { received: { type: 'boolean' }, outcome: { type: 'string', enum: ['applied', 'ignored'] } } }, 'Accepted (duplicates and invalid transitions are ignored)'),
        '400': problem('Bad or stale signature, malformed body'),
        '404': problem('Unknown provider'),
      },
    },
  },
};

const address = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'line1', 'city', 'postalCode', 'country'],
  properties: {
    name: { type: 'string', maxLength: 100 },
    line1: { type: 'string', maxLength: 200 },
    line2: { type: 'string', maxLength: 200 },
    city: { type: 'string', maxLength: 100 },
    region: { type: 'string', maxLength: 10, description: 'state / province code; required for US and CA' },
    postalCode: { type: 'string', maxLength: 16, description: 'checked against the country’s format' },
    country: { type: 'string', pattern: '^[A-Z]{2}$' },
    phone: { type: 'string', maxLength: 30 },
  },
};

const totals = {
  type: 'object',
  properties: {
    currency: { type: 'string', enum: [...CURRENCIES] },
    taxIncluded: { type: 'boolean', description: 'prices include tax (EUR) or tax is added (USD)' },
    subtotal: money,
    discount: money,
    shipping: money,
    shippingDiscount: money,
    tax: money,
    shippingTax: money,
    total: money,
    weightGrams: { type: 'integer' },
    taxPending: { type: 'boolean', description: 'no address yet: tax not computed' },
    shippingPending: { type: 'boolean' },
  },
};

const shippingOption = {
  type: 'object',
  properties: { id: { type: 'string' }, name: { type: 'string' }, description: { type: 'string' }, amount: money, regularAmount: money, freeAbove: nullable(money) },
};

export const commerceSchemas = {
  Address: address,
  CreateCartRequest: {
    type: 'object',
    additionalProperties: false,
    properties: {
      currency: { type: 'string', enum: [...CURRENCIES] },
      lines: { type: 'array', maxItems: MAX_CART_LINES, items: ref('AddLineRequest') },
    },
  },
  AddLineRequest: {
    type: 'object',
    additionalProperties: false,
    required: ['variantId', 'quantity'],
    properties: { variantId: { type: 'string', format: 'uuid' }, quantity: { type: 'integer', minimum: 1, maximum: MAX_LINE_QUANTITY } },
  },
  UpdateCartRequest: {
    type: 'object',
    additionalProperties: false,
    minProperties: 1,
    properties: {
      currency: { type: 'string', enum: [...CURRENCIES] },
      email: nullable({ type: 'string', format: 'email', maxLength: 254 }),
      shippingAddress: nullable(ref('Address')),
      shippingMethod: nullable({ type: 'string', description: 'one of the cart’s shippingOptions ids' }),
    },
  },
  Cart: {
    type: 'object',
    properties: {
      id: { type: 'string' },
      currency: { type: 'string', enum: [...CURRENCIES] },
      itemCount: { type: 'integer' },
      lines: {
        type: 'array',
        items: {
          type: 'object',
          properties: {
            variantId: { type: 'string', format: 'uuid' },
            productHandle: nullable({ type: 'string' }),
            productTitle: { type: 'string' },
            variantTitle: { type: 'string' },
            sku: { type: 'string' },
            quantity: { type: 'integer' },
            unitPrice: nullable(money),
            compareAtPrice: nullable(money),
            subtotal: money,
            discount: money,
            tax: money,
            total: money,
            available: { type: 'integer' },
            issue: nullable({ type: 'object', properties: { code: { type: 'string', enum: ['unavailable', 'insufficient_stock'] }, message: { type: 'string' }, available: { type: 'integer' } } }),
          },
        },
      },
      discount: nullable({ type: 'object', properties: { code: { type: 'string' }, description: { type: 'string' }, amount: money, shippingDiscount: money } }),
      discountIssue: nullable({ type: 'object', properties: { code: { type: 'string' }, reason: { type: 'string' }, message: { type: 'string' } } }),
      email: nullable({ type: 'string' }),
      shippingAddress: nullable(ref('Address')),
      shippingMethod: nullable(shippingOption),
      shippingOptions: { type: 'array', items: shippingOption },
      totals,
      checkout: { type: 'object', properties: { ready: { type: 'boolean' }, missing: { type: 'array', items: { type: 'string' } }, blockedLines: { type: 'array', items: { type: 'string' } } } },
    },
  },
  CheckoutRequest: {
    type: 'object',
    additionalProperties: false,
    required: ['payment'],
    properties: {
      email: { type: 'string', format: 'email' },
      shippingAddress: ref('Address'),
      shippingMethod: { type: 'string' },
      payment: {
        type: 'object',
        additionalProperties: false,
        required: ['provider'],
        properties: {
          provider: { type: 'string', enum: ['manual', 'test'], description: 'PAYMENT_PROVIDERS of the deployment' },
          card: { type: 'object', required: ['number'], properties: { number: { type: 'string', description: 'test provider: 4242424242424242 approves, 4000000000000002 declines, 4000000000000408 times out' } } },
        },
      },
      expectedTotal: { ...money, description: 'the total the shopper saw; a different server total → 409 price-changed' },
    },
  },
  Order: {
    type: 'object',
    properties: {
      id: { type: 'string', format: 'uuid' },
      number: { type: 'integer' },
      name: { type: 'string', description: 'e.g. #1001' },
      status: { type: 'string', enum: [...ORDER_STATUSES] },
      email: { type: 'string' },
      currency: { type: 'string', enum: [...CURRENCIES] },
      lines: { type: 'array', items: { type: 'object', properties: { sku: { type: 'string' }, productTitle: { type: 'string' }, variantTitle: { type: 'string' }, quantity: { type: 'integer' }, unitPrice: money, subtotal: money, discount: money, tax: money, total: money } } },
      totals: { type: 'object', properties: { subtotal: money, discount: money, shipping: money, shippingDiscount: money, tax: money, total: money, taxIncluded: { type: 'boolean' } } },
      discountCode: nullable({ type: 'string' }),
      shippingAddress: ref('Address'),
      shippingMethod: { type: 'object', properties: { id: { type: 'string' }, name: { type: 'string' }, description: { type: 'string' } } },
      payment: { type: 'object', properties: { provider: { type: 'string' }, status: nullable({ type: 'string' }), cardLast4: nullable({ type: 'string' }) } },
      placedAt: { type: 'string', format: 'date-time' },
      paidAt: nullable({ type: 'string', format: 'date-time' }),
      accessToken: { type: 'string', description: 'guests: send as Order-Token, or open links.confirmation' },
      links: { type: 'object', properties: { self: { type: 'string' }, confirmation: { type: 'string' } } },
    },
  },
};

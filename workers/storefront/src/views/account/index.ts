/** Account views (pure: no Env, no I/O). */
export { LoginPage, RegisterPage, type LoginPageProps, type RegisterPageProps } from './auth-pages';
export { AccountOverviewPage, OrderHistory, ORDER_STATUS_LABELS, formatDate, type AccountOverviewProps } from './overview';
export { AddressBookPage, EditAddressPage, AddressForm, AddressLines, type AddressValues, type CountryOption } from './addresses';
export { AccountOrderPage } from './order';
export { AccountShell } from './shell';
export type { FieldErrors } from './forms';

/** What /demo needs that is not static: its configuration. Imported by the page routes and the emulator. */
export { demoConfigFrom, type DemoConfig, type DemoPatient, type DemoPractitioner } from './demo-config';

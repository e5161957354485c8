import { createBrowserRouter, Navigate } from 'react-router';
import { RouteError } from '../components/route-error';
import { Shell } from './shell/shell';

/** Every screen is its own lazily loaded chunk; the shell stays in the first load. */
export const router = createBrowserRouter([
  {
    path: '/sign-in',
    errorElement: <RouteError />,
    lazy: async () => ({ Component: (await import('../features/auth/sign-in-page')).SignInPage }),
  },
  {
    path: '/portal',
    errorElement: <RouteError />,
    lazy: async () => ({ Component: (await import('../features/portal/portal-home-page')).PortalHomePage }),
  },
  {
    path: '/portal/telehealth/:appointmentId',
    errorElement: <RouteError />,
    lazy: async () => ({
      Component: (await import('../features/telehealth/portal-call-page')).PortalCallPage,
    }),
  },
  {
    path: '/join',
    errorElement: <RouteError />,
    lazy: async () => ({ Component: (await import('../features/telehealth/join-page')).JoinPage }),
  },
  {
    path: '/portal/sign-in',
    errorElement: <RouteError />,
    lazy: async () => ({
      Component: (await import('../features/portal/portal-sign-in-page')).PortalSignInPage,
    }),
  },
  {
    path: '/portal/accept',
    errorElement: <RouteError />,
    lazy: async () => ({
      Component: (await import('../features/portal/accept-invitation-page')).AcceptInvitationPage,
    }),
  },
  {
    path: '/offers',
    errorElement: <RouteError />,
    lazy: async () => ({ Component: (await import('../features/waitlist/offer-page')).OfferPage }),
  },
  {
    path: '/appointment-links',
    errorElement: <RouteError />,
    lazy: async () => ({
      Component: (await import('../features/reminders/appointment-link-page')).AppointmentLinkPage,
    }),
  },
  {
    path: '/staff/accept',
    errorElement: <RouteError />,
    lazy: async () => ({
      Component: (await import('../features/staff/accept-staff-invitation-page')).AcceptStaffInvitationPage,
    }),
  },
  {
    path: '/',
    element: <Shell />,
    errorElement: <RouteError />,
    children: [
      { index: true, element: <Navigate to="/home" replace /> },
      {
        path: 'home',
        errorElement: <RouteError />,
        lazy: async () => ({ Component: (await import('../features/home/home-page')).HomePage }),
      },
      {
        path: 'treatment-plans/:id',
        errorElement: <RouteError />,
        lazy: async () => ({
          Component: (await import('../features/treatment-plans/treatment-plan-page')).TreatmentPlanPage,
        }),
      },
      {
        path: 'notes/:id',
        errorElement: <RouteError />,
        lazy: async () => ({ Component: (await import('../features/notes/note-page')).NotePage }),
      },
      {
        path: 'clients',
        errorElement: <RouteError />,
        lazy: async () => ({
          Component: (await import('../features/clients/client-list-page')).ClientListPage,
        }),
      },
      {
        path: 'clients/new',
        errorElement: <RouteError />,
        lazy: async () => ({
          Component: (await import('../features/clients/new-client-page')).NewClientPage,
        }),
      },
      {
        path: 'clients/:id',
        errorElement: <RouteError />,
        lazy: async () => ({ Component: (await import('../features/clients/client-page')).ClientPage }),
      },
      {
        path: 'schedule',
        errorElement: <RouteError />,
        lazy: async () => ({ Component: (await import('../features/schedule/schedule-page')).SchedulePage }),
      },
      {
        path: 'telehealth/:appointmentId',
        errorElement: <RouteError />,
        lazy: async () => ({
          Component: (await import('../features/telehealth/host-call-page')).HostCallPage,
        }),
      },
      {
        path: 'messages/:clientId?',
        errorElement: <RouteError />,
        lazy: async () => ({ Component: (await import('../features/messages/messages-page')).MessagesPage }),
      },
      {
        path: 'waitlist',
        errorElement: <RouteError />,
        lazy: async () => ({ Component: (await import('../features/waitlist/waitlist-page')).WaitlistPage }),
      },
      {
        path: 'scheduling-setup',
        errorElement: <RouteError />,
        lazy: async () => ({
          Component: (await import('../features/scheduling-setup/scheduling-setup-page')).SchedulingSetupPage,
        }),
      },
      {
        path: 'outbox',
        errorElement: <RouteError />,
        lazy: async () => ({ Component: (await import('../features/outbox/outbox-page')).OutboxPage }),
      },
      {
        path: 'staff',
        errorElement: <RouteError />,
        lazy: async () => ({
          Component: (await import('../features/staff/staff-access-page')).StaffAccessPage,
        }),
      },
      {
        path: 'audit',
        errorElement: <RouteError />,
        lazy: async () => ({ Component: (await import('../features/audit/audit-page')).AuditPage }),
      },
      {
        path: 'security',
        errorElement: <RouteError />,
        lazy: async () => ({
          Component: (await import('../features/security/security-alerts-page')).SecurityAlertsPage,
        }),
      },
      {
        path: 'platform',
        errorElement: <RouteError />,
        lazy: async () => ({
          Component: (await import('../features/platform/platform-page')).PlatformPage,
        }),
      },
      {
        path: 'account',
        errorElement: <RouteError />,
        lazy: async () => ({ Component: (await import('../features/account/account-page')).AccountPage }),
      },
      { path: '*', element: <RouteError notFound /> },
    ],
  },
]);

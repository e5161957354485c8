import { MantineProvider } from '@mantine/core';
import { QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { RouterProvider } from 'react-router';
import { ApiError } from '../lib/api';
import { AppErrorBoundary } from './app-error-boundary';
import { router } from './router';
import { theme } from './theme';

const queryClient = new QueryClient({
  // An ended session sends the user to sign in, wherever it is noticed.
  queryCache: new QueryCache({
    onError: (error) => {
      const path = window.location.pathname;
      if (
        error instanceof ApiError &&
        error.status === 401 &&
        !path.startsWith('/sign-in') &&
        !path.startsWith('/portal') &&
        !path.startsWith('/staff/accept')
      ) {
        // Someone who was never signed in is simply asked to sign in; an ended session says so.
        const target = error.code === 'session_expired' ? '/sign-in?reason=expired' : '/sign-in';
        router.navigate(target).catch(() => undefined);
      }
    },
  }),
  defaultOptions: {
    queries: {
      staleTime: 30_000,
      refetchOnWindowFocus: false,
      // Retrying a refusal (401/403/404) only delays the message the user needs to see.
      retry: (failures, error) =>
        !(error instanceof ApiError && error.status >= 400 && error.status < 500) && failures < 2,
    },
  },
});

export function App() {
  return (
    <MantineProvider theme={theme}>
      <AppErrorBoundary>
        <QueryClientProvider client={queryClient}>
          <RouterProvider router={router} />
        </QueryClientProvider>
      </AppErrorBoundary>
    </MantineProvider>
  );
}

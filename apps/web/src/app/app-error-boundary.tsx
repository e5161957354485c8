import { Component, type ReactNode } from 'react';
import { ErrorFallback } from '../components/error-fallback';

/** The last line of defence: a friendly page instead of a blank screen. */
export class AppErrorBoundary extends Component<{ children: ReactNode }, { failed: boolean }> {
  override state = { failed: false };

  static getDerivedStateFromError() {
    return { failed: true };
  }

  override render() {
    if (this.state.failed) {
      return <ErrorFallback title="MentalSpace hit a problem" onRetry={() => window.location.reload()} />;
    }
    return this.props.children;
  }
}

import { Component, type ErrorInfo, type ReactNode } from 'react';
import i18n from '../../lib/i18n';

/** A render error shows a way out instead of a blank screen. */
export class ErrorBoundary extends Component<{ children: ReactNode }, { error: Error | null }> {
  state = { error: null as Error | null };

  static getDerivedStateFromError(error: Error) {
    return { error };
  }

  componentDidCatch(error: Error, info: ErrorInfo) {
    console.error(error, info.componentStack);
  }

  render() {
    if (!this.state.error) return this.props.children;
    return (
      <main className="page-message" role="alert">
        <h1>{i18n.t('errors.title')}</h1>
        <p className="muted">{this.state.error.message}</p>
        <button type="button" className="btn btn--primary" onClick={() => window.location.reload()}>
          {i18n.t('errors.reload')}
        </button>
      </main>
    );
  }
}

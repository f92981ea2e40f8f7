import { Component, type ReactNode } from 'react';
import { ErrorMessage } from './ErrorMessage';

interface Props {
  children: ReactNode;
  /** What "Try again" does; by default the children render again. */
  onRetry?: () => void;
}
interface State {
  error: unknown;
}

/** Catches a route's render and query errors; "Try again" re-renders from scratch. */
export class ErrorBoundary extends Component<Props, State> {
  state: State = { error: null };

  static getDerivedStateFromError(error: unknown): State {
    return { error };
  }

  private retry = () => {
    this.setState({ error: null });
    this.props.onRetry?.();
  };

  render() {
    if (this.state.error) {
      return (
        <section>
          <h1>Something went wrong</h1>
          <ErrorMessage error={this.state.error} onRetry={this.retry} />
        </section>
      );
    }
    return this.props.children;
  }
}

import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { AuthSession } from './auth/authSession';
import './styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

const auth = new AuthSession();
// One silent cookie refresh restores the session of a reload; queries wait for it.
void auth.restore();

createRoot(root).render(
  <StrictMode>
    <App auth={auth} />
  </StrictMode>,
);

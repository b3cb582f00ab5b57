import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { loadEndpoints } from './api/client.ts';
import { App } from './App.tsx';
import './styles.css';

const endpoints = await loadEndpoints();
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App endpoints={endpoints} />
  </StrictMode>,
);

import { t } from '@qiangjian/shared';
import { App as AntApp, Button, Result, Spin } from 'antd';
import { Component, lazy, type ReactNode, Suspense, useEffect } from 'react';
import { createBrowserRouter, Navigate, Outlet, RouterProvider, useLocation, useNavigate } from 'react-router-dom';
import { DemoBanner } from './components/DemoBanner.js';
import { Forbidden, NotFound } from './components/Results.js';
import { useAccess } from './hooks/useAccess.js';
import { BasicLayout } from './layouts/BasicLayout.js';
import ChangePasswordPage from './pages/change-password/index.js';
import LoginPage from './pages/login/index.js';
import PublicDrawPage from './pages/public/draw/index.js';
import { type AppRoute, ROUTES } from './routes.js';

const PublicDisclosuresPage = lazy(() => import('./pages/public/disclosures/index.js'));
// the public portal (docs/PORTAL.md): home, notices and articles
const PortalHomePage = lazy(() => import('./pages/public/portal/index.js'));
const PublicArticlesPage = lazy(() => import('./pages/public/articles/index.js'));
const PublicArticlePage = lazy(() => import('./pages/public/articles/detail.js'));
const PublicComplaintPage = lazy(() => import('./pages/public/complaint/index.js'));
const PublicComplaintStatusPage = lazy(() => import('./pages/public/complaint/status.js'));

import { installErrorPolicy } from './services/api.js';
import { useAuth } from './services/auth.js';

function FullPageSpin() {
  return (
    <div style={{ minHeight: '60vh', display: 'flex', alignItems: 'center', justifyContent: 'center' }}>
      <Spin size="large" />
    </div>
  );
}

/** Installs the error-display policy with the antd message instance and the router. */
function Root() {
  const { message } = AntApp.useApp();
  const navigate = useNavigate();
  const { setMe } = useAuth();
  useEffect(() => {
    installErrorPolicy({
      notify: (text) => {
        void message.error(text);
      },
      onUnauthenticated: () => {
        setMe(null);
        const here = window.location.pathname + window.location.search;
        void navigate(here.startsWith('/login') ? '/login' : `/login?redirect=${encodeURIComponent(here)}`, { replace: true });
      },
      onPasswordChangeRequired: () => navigate('/change-password', { replace: true }),
    });
  }, [message, navigate, setMe]);
  return (
    <>
      <DemoBanner />
      <Outlet />
    </>
  );
}

/** Logged in (and, unless `allowPasswordChange`, with the initial password already changed). */
function RequireLogin({ children, allowPasswordChange }: { children: ReactNode; allowPasswordChange?: boolean }) {
  const { me } = useAuth();
  const location = useLocation();
  if (me === undefined) return <FullPageSpin />;
  if (me === null) return <Navigate to={`/login?redirect=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  if (me.mustChangePassword && !allowPasswordChange) return <Navigate to="/change-password" replace />;
  return <>{children}</>;
}

class PageErrorBoundary extends Component<{ children: ReactNode }, { failed: boolean }> {
  state = { failed: false };
  static getDerivedStateFromError() {
    return { failed: true };
  }
  render() {
    if (this.state.failed) {
      return (
        <Result
          status="error"
          title={t('pages.error.title')}
          extra={
            <Button type="primary" onClick={() => window.location.reload()}>
              {t('pages.error.retry')}
            </Button>
          }
        />
      );
    }
    return this.props.children;
  }
}

/** Route guard: the page when the user's permissions allow it, else the 403 page. */
function Guarded({ route }: { route: AppRoute }) {
  const access = useAccess();
  if (!access.allows(route.permission)) return <Forbidden />;
  const Page = route.component;
  return (
    <PageErrorBoundary>
      <Suspense fallback={<FullPageSpin />}>
        <Page />
      </Suspense>
    </PageErrorBoundary>
  );
}

function LoginRoute() {
  const { me } = useAuth();
  if (me === undefined) return <FullPageSpin />;
  return <LoginPage />;
}

const router = createBrowserRouter([
  {
    element: <Root />,
    children: [
      { path: '/login', element: <LoginRoute /> },
      // public pages: no login, no shell
      { path: '/public/draws/:id', element: <PublicDrawPage /> },
      {
        path: '/public/disclosures',
        element: (
          <Suspense fallback={<FullPageSpin />}>
            <PublicDisclosuresPage />
          </Suspense>
        ),
      },
      ...[
        { path: '/p', Page: PortalHomePage },
        { path: '/p/articles', Page: PublicArticlesPage },
        { path: '/p/articles/:id', Page: PublicArticlePage },
        // the complaints module's public pages (docs/COMPLAINTS.md "Public intake")
        { path: '/p/complaint', Page: PublicComplaintPage },
        { path: '/p/complaint/status', Page: PublicComplaintStatusPage },
      ].map(({ path, Page }) => ({
        path,
        element: (
          <Suspense fallback={<FullPageSpin />}>
            <Page />
          </Suspense>
        ),
      })),
      {
        path: '/change-password',
        element: (
          <RequireLogin allowPasswordChange>
            <ChangePasswordPage />
          </RequireLogin>
        ),
      },
      {
        element: (
          <RequireLogin>
            <BasicLayout />
          </RequireLogin>
        ),
        children: [...ROUTES.map((r) => ({ path: r.path, element: <Guarded route={r} /> })), { path: '*', element: <NotFound /> }],
      },
    ],
  },
]);

export function AppRouter() {
  return <RouterProvider router={router} />;
}

import { useEffect, useState } from 'react';
import { Link, NavLink, Route, Routes, useNavigate } from 'react-router';
import { api, setCsrfToken, type Account, type Session, type Setup } from './api.js';
import { AgreementPage } from './pages/agreement-page.js';
import { AuditPage } from './pages/audit-page.js';
import { CodebookPage } from './pages/codebook-page.js';
import { CodingPage } from './pages/coding-page.js';
import { SignInPage, InvitationPage, SignUpPage } from './pages/auth-pages.js';
import { ConflictsPage } from './pages/conflicts-page.js';
import { SimulationPage } from './pages/simulation-page.js';
import { DashboardPage } from './pages/dashboard-page.js';
import { DuplicatesPage } from './pages/duplicates-page.js';
import { ExportPage } from './pages/export-page.js';
import { ImportPage } from './pages/import-page.js';
import { ProjectsPage } from './pages/projects-page.js';
import { ProtocolPage } from './pages/protocol-page.js';
import { RegistryPage } from './pages/registry-page.js';
import { PartnershipPage } from './pages/partnership-page.js';
import { DivergencePage } from './pages/divergence-page.js';
import { ReportPage } from './pages/report-page.js';
import { ScreeningPage } from './pages/screening-page.js';
import { SearchPage } from './pages/search-page.js';
import { RecordsPage } from './pages/records-page.js';
import { SynthesisPage } from './pages/synthesis-page.js';
import { TeamPage } from './pages/team-page.js';
import { SessionContext } from './session.js';
import { ProjectProvider, useProject } from './use-project.js';
import { Loading } from './ui.js';

/** The pages of a project; `owners` pages are shown to its owners only (the server refuses the others anyway). */
const PROJECT_TABS: { path: string; label: string; owners?: boolean }[] = [
  { path: '', label: 'Dashboard' },
  { path: 'screen', label: 'Screen' },
  { path: 'conflicts', label: 'Conflicts' },
  { path: 'duplicates', label: 'Duplicates' },
  { path: 'import', label: 'Import', owners: true },
  { path: 'search', label: 'Search' },
  { path: 'records', label: 'Records' },
  { path: 'protocol', label: 'Protocol' },
  { path: 'team', label: 'Team' },
  { path: 'code', label: 'Code' },
  { path: 'synthesis', label: 'Synthesis' },
  { path: 'framework', label: 'Framework' },
  { path: 'agreement', label: 'Agreement' },
  { path: 'export', label: 'Export' },
  { path: 'simulate', label: 'Simulate' },
  { path: 'audit', label: 'Audit log', owners: true },
];

function ProjectNav() {
  const { projectId, data } = useProject();
  const owner = data?.myRole === 'owner';
  return (
    <nav className="tabs" aria-label="Project">
      {PROJECT_TABS.filter((t) => owner || !t.owners).map(({ path, label }) => (
        <NavLink key={path} to={`/projects/${projectId}${path ? `/${path}` : ''}`} end={path === ''}>
          {label}
        </NavLink>
      ))}
    </nav>
  );
}

function ProjectArea() {
  return (
    <ProjectProvider>
      <ProjectNav />
      <Routes>
        <Route index element={<DashboardPage />} />
        <Route path="screen" element={<ScreeningPage />} />
        <Route path="conflicts" element={<ConflictsPage />} />
        <Route path="duplicates" element={<DuplicatesPage />} />
        <Route path="import" element={<ImportPage />} />
        <Route path="search" element={<SearchPage />} />
        <Route path="records" element={<RecordsPage />} />
        <Route path="protocol" element={<ProtocolPage />} />
        <Route path="team" element={<TeamPage />} />
        <Route path="code" element={<CodingPage />} />
        <Route path="code/:recordId" element={<CodingPage />} />
        <Route path="synthesis" element={<SynthesisPage />} />
        <Route path="framework" element={<CodebookPage />} />
        <Route path="agreement" element={<AgreementPage />} />
        <Route path="export" element={<ExportPage />} />
        <Route path="audit" element={<AuditPage />} />
        <Route path="simulate" element={<SimulationPage />} />
      </Routes>
    </ProjectProvider>
  );
}

/** The whole application: who is signed in decides between the sign-in pages and the workbench. */
export function App() {
  const [account, setAccount] = useState<Account | undefined>();
  const [checked, setChecked] = useState(false);
  const [needsFirstAccount, setNeedsFirstAccount] = useState(false);
  const navigate = useNavigate();
  const signedIn = (session: { account: Account; csrfToken: string }) => {
    setCsrfToken(session.csrfToken);
    setAccount(session.account);
    setNeedsFirstAccount(false);
  };
  const signedOut = () => {
    setCsrfToken(undefined);
    setAccount(undefined);
    navigate('/');
  };
  useEffect(() => {
    Promise.all([api.get<Session>('/session').catch(() => undefined), api.get<Setup>('/setup')])
      .then(([session, setup]) => {
        if (session) signedIn(session);
        setNeedsFirstAccount(setup.needsFirstAccount);
      })
      .finally(() => setChecked(true));
  }, []);
  if (!checked) return <Loading what="Twoway" />;
  return (
    <SessionContext.Provider value={{ account, signedIn, signedOut }}>
      <header className="top">
        <Link to="/" className="brand">
          Twoway
        </Link>
        {account && (
          <nav className="top-nav" aria-label="Main">
            <Link to="/">Reviews</Link> <Link to="/registry">Partnerships</Link>
          </nav>
        )}
        {account && (
          <span className="who">
            {account.displayName}
            <button type="button" className="link" onClick={() => void api.post('/logout').then(signedOut)}>
              Sign out
            </button>
            <button
              type="button"
              className="link"
              onClick={() => void api.post('/logout-everywhere').then(signedOut)}
            >
              Sign out everywhere
            </button>
          </span>
        )}
      </header>
      <main>
        <Routes>
          <Route path="/invite/:token" element={<InvitationPage />} />
          {account ? (
            <>
              <Route path="/" element={<ProjectsPage />} />
              <Route path="/projects/:projectId/*" element={<ProjectArea />} />
              <Route path="/registry" element={<RegistryPage />} />
              <Route path="/registry/partnerships/:partnershipId" element={<PartnershipPage />} />
              <Route path="/registry/rounds/:roundId/report/:institutionId" element={<ReportPage />} />
              <Route path="/registry/rounds/:roundId/divergence" element={<DivergencePage />} />
              <Route path="*" element={<ProjectsPage />} />
            </>
          ) : (
            <Route path="*" element={needsFirstAccount ? <SignUpPage /> : <SignInPage />} />
          )}
        </Routes>
      </main>
    </SessionContext.Provider>
  );
}

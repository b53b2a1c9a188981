import type { ComponentType, ReactNode } from 'react';
import { AppstoreOutlined, AuditOutlined, ContactsOutlined, DatabaseOutlined, HomeOutlined, KeyOutlined, ShopOutlined, TeamOutlined, UserOutlined } from '@ant-design/icons';
import { PhoneOutlined, ProfileOutlined } from '@ant-design/icons';
import { AlertOutlined } from '@ant-design/icons';
import type { Access } from './access';
import { ApprovalsPage, CashPage, FeeSchedulesPage, InvoicesPage, StatementsPage } from './pages/billing/BillingPages';
import { AccountBookOutlined, AuditOutlined as BillingAuditOutlined, FileDoneOutlined, MoneyCollectOutlined, ProfileOutlined as StatementOutlined } from '@ant-design/icons';
import type { MessageKey } from './i18n';
import { HomePage } from './pages/HomePage';
import { UsersPage } from './pages/admin/UsersPage';
import { OutletsPage } from './pages/admin/OutletsPage';
import { AuditPage } from './pages/admin/AuditPage';
import { TokensPage } from './pages/admin/TokensPage';
import { AccountPage } from './pages/account/AccountPage';
import { CustomersPage } from './pages/archive/CustomersPage';
import { CustomerDetailPage } from './pages/archive/CustomerDetailPage';
import { ImportPage } from './pages/archive/ImportPage';
import { AssetsPage } from './pages/archive/AssetsPage';
import { AssetDetailPage } from './pages/archive/AssetDetailPage';
import { ProductsPage } from './pages/archive/ProductsPage';
import { TicketsPage } from './pages/tickets/TicketsPage';
import { TicketNewPage } from './pages/tickets/TicketNewPage';
import { TicketDetailPage } from './pages/tickets/TicketDetailPage';
import { UnresolvedReportPage } from './pages/tickets/UnresolvedReportPage';
import { SlaPage } from './pages/sla/SlaPage';
import { ClockCircleOutlined, WarningOutlined } from '@ant-design/icons';
import { CalendarOutlined, CarOutlined, NodeIndexOutlined, ScheduleOutlined, ToolOutlined } from '@ant-design/icons';
import { TechniciansPage } from './pages/dispatch/TechniciansPage';
import { WorkOrdersPage } from './pages/dispatch/WorkOrdersPage';
import { DispatchBoardPage } from './pages/dispatch/DispatchBoardPage';
import { WorkOrderDetailPage } from './pages/dispatch/WorkOrderDetailPage';
import { DayPlanPage } from './pages/dispatch/DayPlanPage';
import { WorkshopPage } from './pages/dispatch/WorkshopPage';
import { PartsPage } from './pages/parts/PartsPage';
import { StockPage } from './pages/parts/StockPage';
import { LedgerPage } from './pages/parts/LedgerPage';
import { RequisitionsPage } from './pages/parts/RequisitionsPage';
import { TransfersPage } from './pages/parts/TransfersPage';
import { OldPartsPage } from './pages/parts/OldPartsPage';
import { CountApprovalsPage, CountsPage } from './pages/parts/CountsPage';
import { AuditOutlined as CountOutlined, RollbackOutlined, SwapOutlined } from '@ant-design/icons';
import { BarsOutlined, InboxOutlined, ReconciliationOutlined, SolutionOutlined } from '@ant-design/icons';
import { CheckSquareOutlined, RetweetOutlined, SafetyCertificateOutlined, TrophyOutlined } from '@ant-design/icons';
import { ChecklistsPage } from './pages/quality/ChecklistsPage';
import { InspectionsPage } from './pages/quality/InspectionsPage';
import { RepeatsPage } from './pages/quality/RepeatsPage';
import { QualityLedgerPage } from './pages/quality/QualityLedgerPage';
import { FiguresPage } from './pages/quality/FiguresPage';
import { QualitySettingsPage } from './pages/quality/QualitySettingsPage';
import { FollowupsPage } from './pages/followups/FollowupsPage';
import { FollowupAuditsPage } from './pages/followups/FollowupAuditsPage';
import { PeriodicVisitsPage } from './pages/followups/PeriodicVisitsPage';
import { FileSearchOutlined, FieldTimeOutlined } from '@ant-design/icons';
import { ComplaintsPage } from './pages/complaints/ComplaintsPage';
import { ComplaintDetailPage } from './pages/complaints/ComplaintDetailPage';
import { ClaimsPage } from './pages/returns/ClaimsPage';
import { LoanersPage } from './pages/returns/LoanersPage';
import { ReturnsPage } from './pages/returns/ReturnsPage';
import { ExportOutlined, InteractionOutlined, UndoOutlined } from '@ant-design/icons';
import { LineChartOutlined, SettingOutlined } from '@ant-design/icons';
import { MailOutlined, MessageOutlined } from '@ant-design/icons';
import { TemplatesPage } from './pages/notifications/TemplatesPage';
import { OutboxPage } from './pages/notifications/OutboxPage';
import { BellOutlined } from '@ant-design/icons';
import { TodosPage } from './pages/todos/TodosPage';

export type AppRoute = {
  /** Menu/selection key and URL path. */
  path: string;
  /** A permission name (the same the server enforces) or 'authenticated'. */
  access: Access;
  /** Title in the menu and page header. */
  labelKey: MessageKey;
  icon: ReactNode;
  /** Shown in the side menu (default true). */
  menu?: boolean;
  Component: ComponentType;
};

/**
 * The one route table of the signed-in app. The side menu and the router are both derived
 * from it through `access.ts`, so a page that is not in the menu cannot be opened either.
 * (The login page is public and lives outside the table.)
 */
export const ROUTES: readonly AppRoute[] = [
  { path: '/', access: 'authenticated', labelKey: 'nav.home', icon: <HomeOutlined />, Component: HomePage },
  { path: '/tickets', access: 'tickets.read', labelKey: 'nav.tickets', icon: <ProfileOutlined />, Component: TicketsPage },
  { path: '/tickets/new', access: 'tickets.create', labelKey: 'nav.ticketNew', icon: <PhoneOutlined />, Component: TicketNewPage },
  { path: '/reports/unresolved', access: 'tickets.read', labelKey: 'nav.unresolved', icon: <WarningOutlined />, Component: UnresolvedReportPage },
  { path: '/sla', access: 'tickets.read', labelKey: 'nav.sla', icon: <ClockCircleOutlined />, Component: SlaPage },
  { path: '/tickets/:id', access: 'tickets.read', labelKey: 'nav.tickets', icon: <ProfileOutlined />, menu: false, Component: TicketDetailPage },
  { path: '/work-orders', access: 'workorders.read', labelKey: 'nav.workOrders', icon: <ScheduleOutlined />, Component: WorkOrdersPage },
  { path: '/work-orders/:id', access: 'workorders.read', labelKey: 'nav.workOrders', icon: <ScheduleOutlined />, menu: false, Component: WorkOrderDetailPage },
  { path: '/dispatch-board', access: 'workorders.dispatch', labelKey: 'nav.dispatchBoard', icon: <NodeIndexOutlined />, Component: DispatchBoardPage },
  { path: '/day-plans', access: 'dispatch.plan', labelKey: 'nav.dayPlans', icon: <CalendarOutlined />, Component: DayPlanPage },
  { path: '/technicians', access: 'technicians.read', labelKey: 'nav.technicians', icon: <CarOutlined />, Component: TechniciansPage },
  { path: '/workshop', access: 'workshop.manage', labelKey: 'nav.workshop', icon: <ToolOutlined />, Component: WorkshopPage },
  { path: '/parts', access: 'parts.read', labelKey: 'nav.parts', icon: <BarsOutlined />, Component: PartsPage },
  { path: '/part-stock', access: 'parts.read', labelKey: 'nav.partStock', icon: <InboxOutlined />, Component: StockPage },
  { path: '/part-ledger', access: 'parts.read', labelKey: 'nav.partLedger', icon: <ReconciliationOutlined />, Component: LedgerPage },
  { path: '/part-requisitions', access: 'parts.read', labelKey: 'nav.partRequisitions', icon: <SolutionOutlined />, Component: RequisitionsPage },
  { path: '/part-transfers', access: 'parts.move', labelKey: 'nav.partTransfers', icon: <SwapOutlined />, Component: TransfersPage },
  { path: '/part-old-parts', access: 'parts.move', labelKey: 'nav.partOldParts', icon: <RollbackOutlined />, Component: OldPartsPage },
  { path: '/part-counts', access: 'parts.count', labelKey: 'nav.partCounts', icon: <CountOutlined />, Component: CountsPage },
  { path: '/part-count-approvals', access: 'parts.count.approve', labelKey: 'nav.partCountApprovals', icon: <AuditOutlined />, Component: CountApprovalsPage },
  { path: '/returns', access: 'returns.read', labelKey: 'nav.returns', icon: <UndoOutlined />, Component: ReturnsPage },
  { path: '/loaners', access: 'loaners.read', labelKey: 'nav.loaners', icon: <InteractionOutlined />, Component: LoanersPage },
  { path: '/claims', access: 'claims.read', labelKey: 'nav.claims', icon: <ExportOutlined />, Component: ClaimsPage },
  { path: '/followups', access: 'followups.read', labelKey: 'nav.followups', icon: <PhoneOutlined />, Component: FollowupsPage },
  { path: '/followups/audits', access: 'followups.audit', labelKey: 'nav.followupAudits', icon: <FileSearchOutlined />, Component: FollowupAuditsPage },
  { path: '/followups/periodic', access: 'followups.read', labelKey: 'nav.followupPeriodic', icon: <FieldTimeOutlined />, Component: PeriodicVisitsPage },
  { path: '/complaints', access: 'complaints.read', labelKey: 'nav.complaints', icon: <AlertOutlined />, Component: ComplaintsPage },
  { path: '/complaints/:id', access: 'complaints.read', labelKey: 'nav.complaints', icon: <AlertOutlined />, menu: false, Component: ComplaintDetailPage },
  { path: '/billing/schedules', access: 'billing.schedule.manage', labelKey: 'nav.feeSchedules', icon: <AccountBookOutlined />, Component: FeeSchedulesPage },
  { path: '/billing/approvals', access: 'billing.approve', labelKey: 'nav.billingApprovals', icon: <BillingAuditOutlined />, Component: ApprovalsPage },
  { path: '/billing/cash', access: 'billing.finance', labelKey: 'nav.billingCash', icon: <MoneyCollectOutlined />, Component: CashPage },
  { path: '/billing/invoices', access: 'billing.finance', labelKey: 'nav.invoices', icon: <FileDoneOutlined />, Component: InvoicesPage },
  { path: '/billing/statements', access: 'settlement.read', labelKey: 'nav.statements', icon: <StatementOutlined />, Component: StatementsPage },
  { path: '/quality/inspections', access: 'quality.inspect', labelKey: 'nav.qualityInspections', icon: <SafetyCertificateOutlined />, Component: InspectionsPage },
  { path: '/quality/repeat-repairs', access: 'quality.read', labelKey: 'nav.qualityRepeats', icon: <RetweetOutlined />, Component: RepeatsPage },
  { path: '/quality/ledger', access: 'quality.ledger.read', labelKey: 'nav.qualityLedger', icon: <TrophyOutlined />, Component: QualityLedgerPage },
  { path: '/quality/checklists', access: 'quality.checklists.manage', labelKey: 'nav.qualityChecklists', icon: <CheckSquareOutlined />, Component: ChecklistsPage },
  { path: '/quality/figures', access: 'quality.read', labelKey: 'nav.qualityFigures', icon: <LineChartOutlined />, Component: FiguresPage },
  { path: '/quality/settings', access: 'quality.rules.manage', labelKey: 'nav.qualitySettings', icon: <SettingOutlined />, Component: QualitySettingsPage },
  { path: '/notifications/templates', access: 'notifications.read', labelKey: 'nav.notificationTemplates', icon: <MessageOutlined />, Component: TemplatesPage },
  { path: '/notifications/outbox', access: 'notifications.read', labelKey: 'nav.outbox', icon: <MailOutlined />, Component: OutboxPage },
  { path: '/customers', access: 'customers.read', labelKey: 'nav.customers', icon: <ContactsOutlined />, Component: CustomersPage },
  { path: '/customers/import', access: 'customers.import', labelKey: 'nav.customerImport', icon: <ContactsOutlined />, menu: false, Component: ImportPage },
  { path: '/customers/:id', access: 'customers.read', labelKey: 'nav.customers', icon: <ContactsOutlined />, menu: false, Component: CustomerDetailPage },
  { path: '/assets', access: 'assets.read', labelKey: 'nav.assets', icon: <DatabaseOutlined />, Component: AssetsPage },
  { path: '/assets/:id', access: 'assets.read', labelKey: 'nav.assets', icon: <DatabaseOutlined />, menu: false, Component: AssetDetailPage },
  { path: '/products', access: 'products.read', labelKey: 'nav.products', icon: <AppstoreOutlined />, Component: ProductsPage },
  { path: '/users', access: 'users.read', labelKey: 'nav.users', icon: <TeamOutlined />, Component: UsersPage },
  { path: '/outlets', access: 'outlets.manage', labelKey: 'nav.outlets', icon: <ShopOutlined />, Component: OutletsPage },
  { path: '/audit', access: 'audit.read', labelKey: 'nav.audit', icon: <AuditOutlined />, Component: AuditPage },
  { path: '/tokens', access: 'tokens.manage', labelKey: 'nav.tokens', icon: <KeyOutlined />, Component: TokensPage },
  { path: '/account', access: 'authenticated', labelKey: 'nav.account', icon: <UserOutlined />, Component: AccountPage },
  { path: '/todos', access: 'authenticated', labelKey: 'nav.todos', icon: <BellOutlined />, menu: false, Component: TodosPage },
];

/** The route that owns a location path (longest matching prefix), for the selected menu key. */
export function routeOfPath(pathname: string, routes: readonly AppRoute[] = ROUTES): AppRoute | undefined {
  let best: AppRoute | undefined;
  for (const route of routes) {
    const matches = route.path === '/' ? pathname === '/' : pathname === route.path || pathname.startsWith(`${route.path}/`);
    if (matches && (!best || route.path.length > best.path.length)) best = route;
  }
  return best;
}

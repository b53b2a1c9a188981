/**
 * The technician's parts on the phone (issue 11): 我的备件 (own stock, searched by number or
 * name), the order page's 本单备件 (this order's requisitions, 申请备件, 退回备件, the priced catalogue
 * lines of the saved report) and the report's 使用备件 picker (own stock fitting the unit's model).
 * The server scopes every read to the technician's own stock and requests.
 */
import { useEffect, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { Button, CheckList, ErrorBlock, Input, List, Popup, SearchBar, Selector, SpinLoading, Stepper, Tag } from 'antd-mobile';
import { PART_UNIT_LABELS, REQUISITION_STATUS_LABELS, type RequisitionStatus } from '../../../contracts/parts';
import { canAccess } from '../access';
import type { WorkOrderDetail } from '../api/field';
import { fieldApi } from '../api/field';
import { partsApi, type RequisitionView, type StockRow, type TechnicianWarehouses } from '../api/parts';
import { useAuth } from '../auth/AuthContext';
import { formatFen } from '../components/archive/money';
import { partLabel, requisitionLineLabel, shortageText, useAssetModel } from '../components/parts/partsShared';
import { useI18n } from '../i18n';
import { BackBar } from './BackBar';
import './parts.css';
import type { PartDraft } from './ReportForm';

const STATUS_COLORS: Record<RequisitionStatus, string> = { requested: 'primary', issued: 'success', shortage: 'danger', cancelled: 'default' };

/** 12.5 → "12.5", 3 → "3". */
const quantityText = (value: number) => String(Math.round(value * 1000) / 1000);

/** The signed-in technician's warehouses (own stock, outlet and central sources); null while unknown. */
export function useMyWarehouses(): { warehouses: TechnicianWarehouses | null; isLoading: boolean; isMissing: boolean } {
  const technician = useQuery({ queryKey: ['m', 'technician'], queryFn: fieldApi.me, staleTime: 5 * 60_000 });
  const technicianId = technician.data?.id;
  const warehouses = useQuery({ queryKey: ['parts', 'technician-warehouses', technicianId], queryFn: () => partsApi.technicianWarehouses(technicianId!), enabled: Boolean(technicianId), retry: false, staleTime: 5 * 60_000 });
  return {
    warehouses: warehouses.data ?? null,
    isLoading: technician.isLoading || (Boolean(technicianId) && warehouses.isLoading),
    isMissing: (technician.isSuccess && !technicianId) || warehouses.isError,
  };
}

/** Good stock of the technician's own warehouse (optionally only parts fitting a model). */
function useMyStock(warehouseId: string | undefined, q: string, modelId?: string | null) {
  return useQuery({
    queryKey: ['parts-stock-m', warehouseId, q, modelId ?? ''],
    queryFn: () => partsApi.stock(warehouseId!, { page: 1, pageSize: 50, q: q || undefined, condition: 'good', modelId: modelId ?? undefined }),
    enabled: Boolean(warehouseId),
  });
}

function StockList({ rows, onPick, emptyText }: { rows: StockRow[]; onPick?: (row: StockRow) => void; emptyText: string }) {
  const { t, locale } = useI18n();
  if (!rows.length) return <div className="m-pad m-muted" data-testid="m-parts-empty">{emptyText}</div>;
  return (
    <List data-testid="m-stock">
      {rows.map((row) => (
        <List.Item
          key={`${row.partId}-${row.condition}`}
          onClick={onPick ? () => onPick(row) : undefined}
          description={row.partNumber}
          extra={
            <span data-testid="m-stock-available">
              {t('partsm.available', { quantity: quantityText(row.available) })} {PART_UNIT_LABELS[row.unit][locale === 'en' ? 'en' : 'zh']}
            </span>
          }
          data-testid="m-stock-row"
        >
          {row.partName}
        </List.Item>
      ))}
    </List>
  );
}

/** /m/parts: 我的备件. */
export function MyPartsPage() {
  const { t } = useI18n();
  const { warehouses, isLoading, isMissing } = useMyWarehouses();
  const [q, setQ] = useState('');
  const stock = useMyStock(warehouses?.stock.id, q);
  return (
    <div data-testid="m-my-parts">
      <BackBar title={t('partsm.myParts')} />
      <div className="m-section m-pad">
        <SearchBar placeholder={t('partsm.search')} onChange={(value) => setQ(value.trim())} onSearch={setQ} onClear={() => setQ('')} data-testid="m-parts-search" />
      </div>
      {isLoading || stock.isLoading ? (
        <div className="m-center">
          <SpinLoading />
        </div>
      ) : isMissing ? (
        <ErrorBlock status="empty" title={t('partsm.noStock')} description="" />
      ) : (
        <div className="m-section">
          <StockList rows={(stock.data?.items ?? []).filter((row) => row.onHand > 0)} emptyText={t('partsm.empty')} />
        </div>
      )}
    </div>
  );
}

/** The header link to 我的备件 (technicians with parts.read). */
export function MyPartsLink() {
  const { t } = useI18n();
  const { me } = useAuth();
  const navigate = useNavigate();
  if (!me || !canAccess(me, 'parts.read')) return null;
  return (
    <button type="button" className="shell-header-link" data-testid="m-parts-link" onClick={() => navigate('/m/parts')}>
      {t('partsm.myParts')}
    </button>
  );
}

/** 使用备件 in the work report: a part of the technician's own stock that fits the unit's model, with its sale price. */
export function StockPicker(props: { assetId: string | null; onPick: (line: PartDraft) => void }) {
  const { me } = useAuth();
  return me && canAccess(me, 'parts.read') ? <StockPickerButton {...props} /> : null;
}

function StockPickerButton({ assetId, onPick }: { assetId: string | null; onPick: (line: PartDraft) => void }) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const [q, setQ] = useState('');
  const [error, setError] = useState<string | null>(null);
  const { warehouses } = useMyWarehouses();
  const { modelId, isLoading } = useAssetModel(assetId);
  const stock = useMyStock(open && !isLoading ? warehouses?.stock.id : undefined, q, modelId);
  if (!warehouses) return null;
  const pick = async (row: StockRow) => {
    setError(null);
    try {
      const part = await partsApi.get(row.partId);
      onPick({
        partId: part.id,
        name: part.name,
        partCode: part.partNumber,
        quantity: part.isSerialTracked ? '0' : '1',
        unitPrice: (part.salePriceFen / 100).toFixed(2),
        ...(part.isSerialTracked ? { isSerialTracked: true, serials: [] } : {}),
        ...(part.mustReturnOldPart ? { mustReturnOldPart: true } : {}),
      });
      setOpen(false);
    } catch (caught) {
      setError(t('partsm.failed', { message: caught instanceof Error ? caught.message : String(caught) }));
    }
  };
  return (
    <>
      <Button size="small" fill="outline" color="primary" onClick={() => setOpen(true)} data-testid="m-use-parts">
        {t('partsm.useParts')}
      </Button>
      <Popup visible={open} onMaskClick={() => setOpen(false)} bodyClassName="m-popup" destroyOnClose>
        <div className="m-popup-title">{t('partsm.useTitle')}</div>
        {modelId ? <div className="m-hint">{t('partsm.useHint')}</div> : null}
        <SearchBar placeholder={t('partsm.search')} onSearch={setQ} onClear={() => setQ('')} />
        <div className="m-popup-list">
          {stock.isLoading ? <SpinLoading /> : <StockList rows={(stock.data?.items ?? []).filter((row) => row.available > 0)} onPick={(row) => void pick(row)} emptyText={t('partsm.empty')} />}
        </div>
        {error ? <div className="m-error">{error}</div> : null}
        <Button block onClick={() => setOpen(false)}>
          {t('partsm.cancel')}
        </Button>
      </Popup>
    </>
  );
}

/**
 * Under a catalogue line of the report: for a serial-tracked part, 选择序列号 from the serials of
 * this part in the technician's own stock (the quantity is their number); for a part that must
 * come back, the replaced part's serial (换下旧件序列号). The part's flags come from the catalogue
 * (a saved report does not carry them) and are kept in the line.
 */
export function PartLineExtras({ line, onChange }: { line: PartDraft; onChange: (patch: Partial<PartDraft>) => void }) {
  const { t } = useI18n();
  const [picking, setPicking] = useState(false);
  const partId = line.partId ?? '';
  const part = useQuery({ queryKey: ['parts', 'detail', partId], queryFn: () => partsApi.get(partId), enabled: Boolean(partId), staleTime: 5 * 60_000 });
  const isSerialTracked = part.data?.isSerialTracked ?? Boolean(line.isSerialTracked);
  const mustReturnOldPart = part.data?.mustReturnOldPart ?? Boolean(line.mustReturnOldPart);
  useEffect(() => {
    if (!part.data) return;
    if (Boolean(line.isSerialTracked) !== part.data.isSerialTracked || Boolean(line.mustReturnOldPart) !== part.data.mustReturnOldPart) {
      onChange({ isSerialTracked: part.data.isSerialTracked, mustReturnOldPart: part.data.mustReturnOldPart, ...(part.data.isSerialTracked ? { serials: line.serials ?? [], quantity: String(line.serials?.length ?? 0) } : {}) });
    }
  }, [part.data, line.isSerialTracked, line.mustReturnOldPart, line.serials, onChange]);
  const serials = line.serials ?? [];
  return (
    <div className="m-part-extras" data-testid="m-part-extras">
      {isSerialTracked ? (
        <div className="m-row m-serials">
          <Button size="mini" color="primary" fill="outline" onClick={() => setPicking(true)} data-testid="m-pick-serials">
            {t('partsm.pickSerials')}
          </Button>
          <span className="m-muted" data-testid="m-serials-picked">
            {serials.length ? serials.join('、') : t('partsm.serialsPicked', { count: 0 })}
          </span>
        </div>
      ) : null}
      {mustReturnOldPart ? (
        <>
          <label className="m-label">{t('partsm.oldPartSerial')}</label>
          <Input value={line.oldPartSerial ?? ''} onChange={(oldPartSerial) => onChange({ oldPartSerial })} maxLength={64} placeholder={t('partsm.oldPartHint')} data-testid="m-old-part-serial" />
        </>
      ) : null}
      {picking ? <SerialPopup partId={partId} value={serials} onClose={() => setPicking(false)} onDone={(next) => onChange({ serials: next, quantity: String(next.length) })} /> : null}
    </div>
  );
}

/** The serials of one part in the technician's own stock, to tick (one per unit used). */
function SerialPopup({ partId, value, onClose, onDone }: { partId: string; value: string[]; onClose: () => void; onDone: (serials: string[]) => void }) {
  const { t } = useI18n();
  const { warehouses } = useMyWarehouses();
  const [q, setQ] = useState('');
  const [chosen, setChosen] = useState<string[]>(value);
  const stockId = warehouses?.stock.id;
  const found = useQuery({ queryKey: ['parts-serials-m', stockId, partId, q], queryFn: () => partsApi.serials(stockId!, { page: 1, pageSize: 100, partId, q: q || undefined }), enabled: Boolean(stockId) });
  // Serials picked earlier stay listed (a saved report's serials are still in stock until completion).
  const listed = [...new Set([...(found.data?.items ?? []).map((row) => row.serial), ...value])];
  return (
    <Popup visible onMaskClick={onClose} bodyClassName="m-popup" destroyOnClose>
      <div className="m-popup-title">{t('partsm.serialsTitle')}</div>
      <SearchBar placeholder={t('partsm.serials')} onSearch={setQ} onClear={() => setQ('')} />
      <div className="m-popup-list">
        {found.isLoading ? (
          <SpinLoading />
        ) : listed.length ? (
          <CheckList multiple value={chosen} onChange={(next) => setChosen(next.map(String))} data-testid="m-serial-list">
            {listed.map((serial) => (
              <CheckList.Item key={serial} value={serial} data-testid="m-serial">
                {serial}
              </CheckList.Item>
            ))}
          </CheckList>
        ) : (
          <div className="m-pad m-muted">{t('partsm.serialsEmpty')}</div>
        )}
      </div>
      <div className="m-hint">{t('partsm.serialsPicked', { count: chosen.length })}</div>
      <div className="m-row">
        <Button block onClick={onClose}>
          {t('partsm.cancel')}
        </Button>
        <Button
          block
          color="primary"
          onClick={() => {
            onDone(chosen);
            onClose();
          }}
          data-testid="m-serials-done"
        >
          {t('partsm.done')}
        </Button>
      </div>
    </Popup>
  );
}

function RequestPopup({ order, warehouses, visible, onClose }: { order: WorkOrderDetail; warehouses: TechnicianWarehouses; visible: boolean; onClose: (done?: string) => void }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const { modelId } = useAssetModel(order.assetId);
  const [q, setQ] = useState('');
  const [partId, setPartId] = useState<string | null>(null);
  const [quantity, setQuantity] = useState(1);
  const [source, setSource] = useState(warehouses.sources.find((warehouse) => warehouse.level === 'outlet')?.id ?? warehouses.sources[0]?.id ?? '');
  const [short, setShort] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const found = useQuery({ queryKey: ['parts', 'pick-m', modelId ?? '', q], queryFn: () => partsApi.list({ page: 1, pageSize: 20, q: q || undefined, modelId: modelId ?? undefined, isActive: 'true' }), enabled: visible });
  const chosen = found.data?.items.find((part) => part.id === partId);
  const submit = useMutation({
    mutationFn: (allowShortage: boolean) =>
      partsApi.createRequisition({ workOrderId: order.id, technicianId: warehouses.technicianId, warehouseId: source, modelId, allowShortage, lines: [{ partId: partId!, quantity }] }),
    onSuccess: (created) => {
      void queryClient.invalidateQueries({ queryKey: ['parts-requisitions'] });
      setShort(null);
      onClose(t(created.status === 'shortage' ? 'partsm.requestedShort' : 'partsm.requested'));
    },
    onError: (caught) => {
      const text = shortageText(caught);
      if (text) setShort(text);
      else setError(t('partsm.failed', { message: caught instanceof Error ? caught.message : String(caught) }));
    },
  });
  return (
    <Popup visible={visible} onMaskClick={() => onClose()} bodyClassName="m-popup" destroyOnClose>
      <div className="m-popup-title">{t('partsm.requestTitle')}</div>
      <SearchBar placeholder={t('partsm.search')} onSearch={setQ} onClear={() => setQ('')} data-testid="m-request-search" />
      <div className="m-popup-list">
        <List>
          {(found.data?.items ?? []).map((part) => (
            <List.Item key={part.id} onClick={() => setPartId(part.id)} extra={part.id === partId ? <Tag color="primary">✓</Tag> : null} description={part.partNumber} data-testid="m-request-part">
              {part.name}
            </List.Item>
          ))}
        </List>
      </div>
      {chosen ? <div className="m-hint">{t('partsm.picked', { name: partLabel(chosen, chosen.id) })}</div> : null}
      <label className="m-label">{t('partsm.quantity')}</label>
      <Stepper min={1} max={1000} digits={0} value={quantity} onChange={(value) => setQuantity(value || 1)} data-testid="m-request-quantity" />
      <label className="m-label">{t('partsm.source')}</label>
      <Selector columns={2} value={[source]} onChange={(selected) => selected[0] && setSource(selected[0])} options={warehouses.sources.map((warehouse) => ({ value: warehouse.id, label: warehouse.name }))} data-testid="m-request-source" />
      {short ? (
        <div className="m-warning" data-testid="m-request-short">
          {t('partsm.short', { detail: short })}
        </div>
      ) : null}
      {error ? <div className="m-error">{error}</div> : null}
      <div className="m-row">
        <Button block onClick={() => onClose()}>
          {t('partsm.cancel')}
        </Button>
        {short ? (
          <Button block color="warning" loading={submit.isPending} onClick={() => submit.mutate(true)} data-testid="m-request-shortage">
            {t('partsm.recordShortage')}
          </Button>
        ) : (
          <Button block color="primary" disabled={!partId || !source} loading={submit.isPending} onClick={() => submit.mutate(false)} data-testid="m-request-submit">
            {t('partsm.submit')}
          </Button>
        )}
      </div>
    </Popup>
  );
}

function ReturnPopup({ warehouses, visible, onClose }: { warehouses: TechnicianWarehouses; visible: boolean; onClose: (done?: string) => void }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const stock = useMyStock(visible ? warehouses.stock.id : undefined, '');
  const rows = (stock.data?.items ?? []).filter((row) => row.available > 0);
  const [picked, setPicked] = useState<StockRow | null>(null);
  const [quantity, setQuantity] = useState(1);
  const [target, setTarget] = useState(warehouses.sources.find((warehouse) => warehouse.level === 'outlet')?.id ?? warehouses.sources[0]?.id ?? '');
  const [error, setError] = useState<string | null>(null);
  const submit = useMutation({
    mutationFn: () => partsApi.returnParts({ fromWarehouseId: warehouses.stock.id, toWarehouseId: target, lines: [{ partId: picked!.partId, quantity }] }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['parts-stock-m'] });
      onClose(t('partsm.returned', { name: picked!.partName, quantity: String(quantity) }));
    },
    onError: (caught) => setError(t('partsm.failed', { message: caught instanceof Error ? caught.message : String(caught) })),
  });
  return (
    <Popup visible={visible} onMaskClick={() => onClose()} bodyClassName="m-popup" destroyOnClose>
      <div className="m-popup-title">{t('partsm.returnTitle')}</div>
      <div className="m-popup-list">
        <StockList rows={rows} onPick={(row) => { setPicked(row); setQuantity(1); }} emptyText={t('partsm.empty')} />
      </div>
      {picked ? <div className="m-hint">{t('partsm.picked', { name: `${picked.partNumber} ${picked.partName}` })}</div> : null}
      <label className="m-label">{t('partsm.quantity')}</label>
      <Stepper min={1} max={picked ? Math.max(1, Math.floor(picked.available)) : 1} digits={0} value={quantity} onChange={(value) => setQuantity(value || 1)} data-testid="m-return-quantity" />
      <label className="m-label">{t('partsm.target')}</label>
      <Selector columns={2} value={[target]} onChange={(selected) => selected[0] && setTarget(selected[0])} options={warehouses.sources.map((warehouse) => ({ value: warehouse.id, label: warehouse.name }))} />
      {error ? <div className="m-error">{error}</div> : null}
      <div className="m-row">
        <Button block onClick={() => onClose()}>
          {t('partsm.cancel')}
        </Button>
        <Button block color="primary" disabled={!picked || !target} loading={submit.isPending} onClick={() => submit.mutate()} data-testid="m-return-submit">
          {t('partsm.submit')}
        </Button>
      </div>
    </Popup>
  );
}

/** The saved report's catalogue lines as priced by the server: sale price × quantity, or 保修免费. */
export function SavedParts({ order }: { order: WorkOrderDetail }) {
  const { t } = useI18n();
  const lines = ((order.result as { partsUsed?: { partId?: string | null; partCode?: string | null; name: string; quantity: number; unitPriceFen?: number; isWarranty?: boolean }[] } | null)?.partsUsed ?? []).filter((line) => line.partId);
  if (!lines.length) return null;
  return (
    <div className="m-pad" data-testid="m-saved-parts">
      <div className="m-label">{t('partsm.savedParts')}</div>
      <ul className="m-materials">
        {lines.map((line, index) => (
          <li key={index} data-testid="m-saved-part">
            <span>
              {line.name}
              {line.partCode ? <span className="m-muted"> {line.partCode}</span> : null}
            </span>
            <span>
              {line.isWarranty ? (
                <Tag color="success" fill="outline">
                  {t('partsm.warrantyFree')}
                </Tag>
              ) : (
                t('partsm.lineAmount', { price: formatFen(line.unitPriceFen ?? 0), quantity: String(line.quantity), amount: formatFen((line.unitPriceFen ?? 0) * line.quantity) })
              )}
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** 本单备件 on the order page (technicians with parts.read): this order's requisitions, request and return. */
export function OrderParts({ order }: { order: WorkOrderDetail }) {
  const { me } = useAuth();
  return me && canAccess(me, 'parts.read') ? <OrderPartsSection order={order} me={me} /> : null;
}

function OrderPartsSection({ order, me }: { order: WorkOrderDetail; me: NonNullable<ReturnType<typeof useAuth>['me']> }) {
  const { t, locale } = useI18n();
  const { warehouses } = useMyWarehouses();
  const [popup, setPopup] = useState<'request' | 'return' | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const requisitions = useQuery({ queryKey: ['parts-requisitions', 'work-order', order.id], queryFn: () => partsApi.requisitions({ workOrderId: order.id, page: 1, pageSize: 50 }) });
  const items = requisitions.data?.items ?? [];
  const isOpen = !['completed', 'verified', 'cancelled'].includes(order.status);
  const canRequest = canAccess(me, 'parts.requisition') && isOpen && Boolean(warehouses);
  const canReturn = canAccess(me, 'parts.return') && Boolean(warehouses);
  const close = (done?: string) => {
    setPopup(null);
    if (done) setNotice(done);
  };
  return (
    <div className="m-section" data-testid="m-order-parts">
      <div className="m-section-title">{t('partsm.orderParts')}</div>
      {items.length === 0 ? (
        <div className="m-pad m-muted">{t('partsm.orderPartsEmpty')}</div>
      ) : (
        <ul className="m-materials">
          {items.map((item) => (
            <li key={item.id} data-testid="m-requisition">
              <span>
                <RequisitionLines lines={item.lines} />
              </span>
              <Tag color={STATUS_COLORS[item.status]} fill="outline" data-testid={`m-requisition-${item.status}`}>
                {REQUISITION_STATUS_LABELS[item.status][locale === 'en' ? 'en' : 'zh']}
              </Tag>
            </li>
          ))}
        </ul>
      )}
      <SavedParts order={order} />
      {notice ? (
        <div className="m-pad m-success" data-testid="m-parts-notice">
          {notice}
        </div>
      ) : null}
      {canRequest || canReturn ? (
        <div className="m-pad m-row">
          {canRequest ? (
            <Button block size="small" color="primary" fill="outline" onClick={() => setPopup('request')} data-testid="m-request-parts">
              {t('partsm.request')}
            </Button>
          ) : null}
          {canReturn ? (
            <Button block size="small" fill="outline" onClick={() => setPopup('return')} data-testid="m-return-parts">
              {t('partsm.return')}
            </Button>
          ) : null}
        </div>
      ) : null}
      {warehouses && popup === 'request' ? <RequestPopup order={order} warehouses={warehouses} visible onClose={close} /> : null}
      {warehouses && popup === 'return' ? <ReturnPopup warehouses={warehouses} visible onClose={close} /> : null}
    </div>
  );
}

/** The lines of a requisition with the parts' numbers and names (carried by the requisition). */
function RequisitionLines({ lines }: { lines: RequisitionView['lines'] }) {
  return <>{lines.map((line) => `${requisitionLineLabel(line)} × ${quantityText(line.quantity)}`).join('，')}</>;
}

import { Route, Switch } from 'wouter-preact';
import { usePageTitle } from '../../page-title';
import { RuleDetailPage } from './rule-detail-page';
import { RuleEditPage } from './rule-edit-page';
import { RuleNewPage } from './rule-new-page';
import { RulesListPage } from './rules-list-page';
import './rules.css';

/** The Rules pages, mounted at /rules (paths here are relative to it). */
export function RulesRoutes() {
  usePageTitle('Rules');
  return (
    <Switch>
      <Route path="/" component={RulesListPage} />
      <Route path="/new" component={RuleNewPage} />
      <Route path="/:id/edit">{(p: { id: string }) => <RuleEditPage key={p.id} id={p.id} />}</Route>
      <Route path="/:id">{(p: { id: string }) => <RuleDetailPage key={p.id} id={p.id} />}</Route>
    </Switch>
  );
}

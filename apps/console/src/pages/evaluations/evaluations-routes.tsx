import { Route, Switch } from 'wouter-preact';
import { EvaluationList } from './evaluation-list';
import { EvaluationPage } from './evaluation-page';
import './evaluations.css';

/** Mounted at /evaluations (app.tsx): the filtered history, and one recorded evaluation at /evaluations/<id>. */
export function EvaluationsRoutes() {
  return (
    <Switch>
      <Route path="/" component={EvaluationList} />
      <Route path="/:id">{(params) => <EvaluationPage key={params.id} id={params.id} />}</Route>
    </Switch>
  );
}

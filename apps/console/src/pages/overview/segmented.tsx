/** One choice of a few, as radio buttons drawn as a segmented control: arrow keys move, the legend names it. */
export function Segmented<T extends string | number>(props: {
  name: string;
  legend: string;
  options: readonly { value: T; label: string }[];
  value: T;
  onChange: (value: T) => void;
}) {
  return (
    <fieldset class="segmented">
      <legend>{props.legend}</legend>
      {props.options.map((o) => (
        <label key={String(o.value)}>
          <input
            type="radio"
            name={props.name}
            value={String(o.value)}
            checked={o.value === props.value}
            onChange={() => props.onChange(o.value)}
          />
          <span>{o.label}</span>
        </label>
      ))}
    </fieldset>
  );
}
